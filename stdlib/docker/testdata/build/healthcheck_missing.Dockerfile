FROM alpine:3.20 AS base
HEALTHCHECK CMD wget -q -O /dev/null http://localhost:8080/healthz || exit 1

FROM alpine:3.20 AS app
USER 10001
