FROM alpine:3.20.3
RUN apk add --no-cache nodejs~=20.15 npm~=10.8
USER 1000
HEALTHCHECK NONE
CMD ["node", "--version"]
