FROM alpine:3.20.3
RUN apk update && apk add bash=5.2.26-r0
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
