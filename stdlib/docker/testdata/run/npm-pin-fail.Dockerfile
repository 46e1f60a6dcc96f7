FROM node:20
RUN npm install -g typescript @angular/cli@17.3.0 npm@latest
RUN npm i lodash
RUN npm add @types/node
