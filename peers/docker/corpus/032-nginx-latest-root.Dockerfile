FROM nginx:latest
COPY index.html /usr/share/nginx/html/index.html
USER root
EXPOSE 80
