FROM alpine:3.20@sha256:3c9d2e8f1a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d AS Base
RUN apk add --no-cache ca-certificates

FROM BASE AS app
FROM scratch
COPY --from=app /etc/ssl/certs /etc/ssl/certs
