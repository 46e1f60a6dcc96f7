FROM node:22.9.0-bookworm-slim
WORKDIR /app
RUN npm install git+https://github.com/example/lib.git#v1.2.0
RUN npm install ./vendor/internal-1.0.0.tgz
USER node
HEALTHCHECK NONE
CMD ["node", "."]
