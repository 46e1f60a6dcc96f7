FROM node:22.9.0-alpine3.20 AS build
HEALTHCHECK CMD ["node", "-v"]
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM nginx:1.27.2-alpine
COPY --from=build /app/dist /usr/share/nginx/html
USER nginx
CMD ["nginx", "-g", "daemon off;"]
