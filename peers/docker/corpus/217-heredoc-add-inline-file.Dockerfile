# syntax=docker/dockerfile:1
# differs: DL1000 hadolint 2.15.1 cannot parse a here-document as the source of ADD
FROM nginx:1.27.2-alpine
ADD <<EOT /etc/nginx/conf.d/health.conf
server { listen 8081; location /healthz { return 200; } }
EOT
RUN sudo nginx -t
USER nginx
CMD ["nginx", "-g", "daemon off;"]
