FROM node:22-alpine AS build
WORKDIR /app
RUN npm ci

FROM node:22-alpine
COPY --from=build /app /app
CMD ["node", "/app/server.js"]
