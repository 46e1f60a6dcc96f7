FROM nginx:1.27.2-alpine
ADD nginx.conf /etc/nginx/nginx.conf
ADD --chown=nginx:nginx public/ /usr/share/nginx/html/
USER nginx
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
