FROM nginxinc/nginx-unprivileged:1.27-alpine
COPY --chown=101:101 default.conf /etc/nginx/conf.d/default.conf
COPY --chown=101:101 html/ /usr/share/nginx/html/
USER 101
EXPOSE 8080
HEALTHCHECK --interval=10s CMD ["curl", "-fs", "http://127.0.0.1:8080/"]
