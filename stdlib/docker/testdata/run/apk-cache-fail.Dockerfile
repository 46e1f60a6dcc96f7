FROM alpine:3.20
RUN apk update && apk add curl=8.9.0-r0
RUN --mount=type=cache,target=/var/cache/other apk add git=2.45.2-r0
