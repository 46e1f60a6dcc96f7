# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM node:22.9.0-alpine3.20 as deps
WORKDIR /app
COPY package*.json ./
RUN npm ci

FROM node:22.9.0-alpine3.20 as deps
COPY --from=deps /app/node_modules /app/node_modules
USER node
HEALTHCHECK NONE
CMD ["node"]
