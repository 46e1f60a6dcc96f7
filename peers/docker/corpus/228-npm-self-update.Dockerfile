FROM node:20.18.0-bookworm-slim
RUN npm install -g npm@10.9.0
RUN npm install -g npm
RUN npm install --production
USER node
HEALTHCHECK NONE
CMD ["node"]
