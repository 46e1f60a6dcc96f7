FROM node:22.9.0-alpine3.20
WORKDIR /app
COPY package.json package-lock.json /app/
COPY tsconfig.json .eslintrc.js ./
RUN npm ci
USER node
HEALTHCHECK NONE
CMD ["npm", "start"]
