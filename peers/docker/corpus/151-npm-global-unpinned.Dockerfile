FROM node:22.9.0-alpine3.20
RUN npm install -g nodemon
USER node
HEALTHCHECK NONE
CMD ["nodemon"]
