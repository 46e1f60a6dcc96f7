FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.20 AS app
COPY --from=build /out/app /app
COPY --from=BUILD /out/app /app2
COPY --from=0 /out/app /app3
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/
COPY --from=ghcr.io/acme/assets@sha256:7a1e6b3c5d9f0e2a4b6c8d0f1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a /static /static
COPY --link --from=docker.io/library/busybox /bin/busybox /bin/
