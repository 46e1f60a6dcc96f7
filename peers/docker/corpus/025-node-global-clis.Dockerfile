# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM node:18-bullseye
RUN npm install -g @angular/cli typescript@5.6.2 pm2
WORKDIR /app
COPY . .
RUN npm install
RUN ng build --configuration production
EXPOSE 4200
CMD ["pm2-runtime", "dist/server/main.js"]
