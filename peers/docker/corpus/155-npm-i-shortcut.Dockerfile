# differs: DL3016 Palisade reads npm i (an alias of npm install); hadolint only npm install
FROM node:22.9.0-alpine3.20
WORKDIR /app
RUN npm i express
RUN npm i --save-dev jest@29.7.0
USER node
HEALTHCHECK NONE
CMD ["node", "app.js"]
