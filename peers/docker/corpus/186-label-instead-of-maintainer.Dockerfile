FROM node:22.9.0-alpine3.20
LABEL org.opencontainers.image.authors="ops@example.com" \
      org.opencontainers.image.source="https://github.com/example/app"
WORKDIR /app
COPY . .
USER node
HEALTHCHECK NONE
CMD ["node", "index.js"]
