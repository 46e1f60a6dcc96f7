FROM alpine:3.20 AS runtime
USER 0:0
