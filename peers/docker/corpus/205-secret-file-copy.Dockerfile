FROM node:22.9.0-alpine3.20
WORKDIR /app
COPY .env .env
COPY id_rsa /root/.ssh/id_rsa
COPY certs/server.key /etc/ssl/private/server.key
COPY . .
USER node
HEALTHCHECK NONE
CMD ["node", "index.js"]
