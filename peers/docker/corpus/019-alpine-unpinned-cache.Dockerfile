# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM alpine:3.20
RUN apk update && apk add curl bash
COPY entrypoint.sh /entrypoint.sh
ENTRYPOINT ["/entrypoint.sh"]
