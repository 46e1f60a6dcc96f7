# differs: DL3007 Palisade substitutes the ARG default in FROM and judges the image it names; hadolint does not look through variables
ARG NODE_TAG=latest
FROM node:${NODE_TAG:-22}
WORKDIR /app
COPY . .
USER node
HEALTHCHECK NONE
CMD ["node", "main.js"]
