FROM node:22.9.0-alpine3.20
ARG NPM_TOKEN
WORKDIR /app
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc \
 && npm ci \
 && rm -f .npmrc
COPY . .
USER node
HEALTHCHECK NONE
CMD ["node", "index.js"]
