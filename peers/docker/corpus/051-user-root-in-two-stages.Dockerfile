# differs: DL3002 hadolint reports a root USER at the end of any stage; Palisade only the user of the final stage, the one the image runs as
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM node:22.9.0-bookworm AS assets
USER root
RUN npm ci && npm run build

FROM nginx:1.27.2-bookworm
COPY --from=assets /dist /usr/share/nginx/html
USER root
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
