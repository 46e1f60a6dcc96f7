FROM nginx:1.27.2-alpine
RUN set -eux; \
    apk add --no-cache \
        certbot=2.10.0-r1 \
        certbot-nginx \
        # keep openssl for the renew hook
        openssl=3.3.2-r1; \
    mkdir -p /var/www/certbot
USER nginx
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
