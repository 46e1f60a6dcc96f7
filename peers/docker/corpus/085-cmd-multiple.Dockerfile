FROM node:22.9.0-alpine3.20
WORKDIR /app
COPY . .
CMD ["npm", "run", "migrate"]
USER node
HEALTHCHECK NONE
CMD ["npm", "start"]
