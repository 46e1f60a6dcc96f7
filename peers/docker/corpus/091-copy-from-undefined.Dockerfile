# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM node:22.9.0-alpine3.20 AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM nginx:1.27.2-alpine
COPY --from=builder /app/dist /usr/share/nginx/html
USER nginx
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
