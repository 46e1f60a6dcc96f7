FROM node:22-alpine
ONBUILD COPY . /app
ONBUILD RUN npm ci
