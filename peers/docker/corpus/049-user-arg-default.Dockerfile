FROM node:22.9.0-alpine3.20
ARG APP_USER=node
WORKDIR /home/node/app
COPY --chown=node:node . .
USER ${APP_USER}
HEALTHCHECK NONE
CMD ["node", "index.js"]
