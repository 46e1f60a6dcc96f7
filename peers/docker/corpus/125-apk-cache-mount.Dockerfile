# syntax=docker/dockerfile:1
FROM alpine:3.20.3
RUN --mount=type=cache,target=/var/cache/apk \
    apk add python3=3.12.7-r0
USER 1000
HEALTHCHECK NONE
CMD ["python3"]
