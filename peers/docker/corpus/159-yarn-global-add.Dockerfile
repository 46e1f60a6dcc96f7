FROM node:22.9.0-alpine3.20
RUN yarn global add http-server
USER node
HEALTHCHECK NONE
CMD ["http-server"]
