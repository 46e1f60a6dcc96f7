FROM node:latest AS build
RUN npm ci

FROM --platform=linux/amd64 ghcr.io/acme/runtime:latest
COPY --from=build /app /app
