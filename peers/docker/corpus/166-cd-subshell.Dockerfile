FROM node:22.9.0-alpine3.20
WORKDIR /app
COPY . .
RUN (cd packages/ui && npm ci && npm run build)
USER node
HEALTHCHECK NONE
CMD ["node", "server.js"]
