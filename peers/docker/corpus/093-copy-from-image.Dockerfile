FROM debian:bookworm-20241016-slim
COPY --from=nginx:1.27 /etc/nginx/nginx.conf /etc/nginx/nginx.conf
COPY --from=busybox:1.36.1-musl /bin/busybox /bin/busybox
COPY --from=ghcr.io/astral-sh/uv:0.4.20 /uv /usr/local/bin/uv
USER 1000
HEALTHCHECK NONE
CMD ["/bin/busybox", "sh"]
