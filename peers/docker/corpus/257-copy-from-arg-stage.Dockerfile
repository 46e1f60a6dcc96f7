# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM node:22.9.0-alpine3.20 AS assets
WORKDIR /web
COPY . .
RUN npm ci && npm run build

FROM nginx:1.27.2-alpine
COPY --from=assets /web/dist /usr/share/nginx/html
COPY --from=assetz /web/robots.txt /usr/share/nginx/html/robots.txt
USER nginx
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
