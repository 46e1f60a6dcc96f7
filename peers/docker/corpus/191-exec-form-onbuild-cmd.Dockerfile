FROM node:22.9.0-alpine3.20
WORKDIR /app
ONBUILD COPY package*.json ./
ONBUILD RUN npm ci
ONBUILD CMD npm start
USER node
HEALTHCHECK NONE
CMD ["node"]
