FROM nginx:1.27.2-alpine
COPY *.conf /etc/nginx/conf.d
COPY html /usr/share/nginx/html
USER nginx
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
