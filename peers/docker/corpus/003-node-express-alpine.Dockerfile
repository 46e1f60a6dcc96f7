# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM node:22-alpine3.20
WORKDIR /usr/src/app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
EXPOSE 3000
CMD node server.js
