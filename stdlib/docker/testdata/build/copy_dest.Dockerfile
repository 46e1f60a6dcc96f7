FROM node:22-alpine AS build
COPY package.json package-lock.json /app
COPY src/ /app/src/
COPY tsconfig.json .

FROM alpine:3.20
COPY --from=build /app/dist /app/package.json /srv
