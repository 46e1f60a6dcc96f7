FROM alpine:3.20.3
RUN apk add --no-cache x=1.2 curl=8.10.1-r0
USER 1000
HEALTHCHECK NONE
CMD ["curl", "--version"]
