# syntax=docker/dockerfile:1
FROM node:22.9.0-alpine3.20
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
RUN --mount=type=ssh git ls-remote git@github.com:example/private.git
COPY . .
USER node
HEALTHCHECK NONE
CMD ["node", "index.js"]
