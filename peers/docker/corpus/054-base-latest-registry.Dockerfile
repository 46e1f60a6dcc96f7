# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM docker.io/library/node:latest AS build
WORKDIR /app
COPY . .
RUN npm ci && npm run build

FROM ghcr.io/example/runtime:latest
COPY --from=build /app/dist /srv
USER 1000
HEALTHCHECK NONE
CMD ["/srv/start"]
