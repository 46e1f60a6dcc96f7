FROM node:22.9.0-alpine3.20
WORKDIR /app
COPY . .
EXPOSE 3000 70000
USER node
HEALTHCHECK NONE
CMD ["node", "server.js"]
