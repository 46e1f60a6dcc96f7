FROM alpine:3.20.3
RUN apk add --no-cache curl jq
USER 1000
HEALTHCHECK NONE
CMD ["jq", "--version"]
