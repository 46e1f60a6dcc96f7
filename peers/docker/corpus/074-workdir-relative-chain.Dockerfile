FROM node:22.9.0-alpine3.20
WORKDIR /usr/src
WORKDIR app
WORKDIR ./build
COPY . .
USER node
HEALTHCHECK NONE
CMD ["node", "."]
