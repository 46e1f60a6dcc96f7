FROM node:22.9.0-alpine3.20
WORKDIR /app
COPY package*.json ./
RUN npm install
RUN npm ci --omit=dev
COPY . .
USER node
HEALTHCHECK NONE
CMD ["node", "index.js"]
