FROM node:22.9.0-bookworm-slim
RUN npm install -g @nestjs/cli @angular/cli@18.2.8
USER node
HEALTHCHECK NONE
CMD ["nest", "--version"]
