FROM alpine:3.20 AS base
HEALTHCHECK --interval=30s CMD wget -q -O /dev/null http://localhost:8080/healthz || exit 1

FROM base AS app
USER 10001
