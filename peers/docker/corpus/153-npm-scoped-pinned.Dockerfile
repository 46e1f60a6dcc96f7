FROM node:20.18.0-alpine3.20
RUN npm install --global @vue/cli@5.0.8 typescript@5.6.3 pnpm@9.12.1
USER node
HEALTHCHECK NONE
CMD ["vue", "--version"]
