FROM node:22.9.0-bookworm-slim AS app
WORKDIR /app
COPY . .
RUN npm ci --omit=dev
COPY --from=app /app/node_modules /opt/node_modules
USER node
HEALTHCHECK NONE
CMD ["node", "index.js"]
