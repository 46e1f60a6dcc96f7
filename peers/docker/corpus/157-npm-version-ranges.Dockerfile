# differs: DL3016 the dist-tag @latest is not a version: Palisade reports it, hadolint accepts any @
FROM node:18.20.4-alpine3.20
RUN npm install -g "yarn@^1.22" serve@latest
USER node
HEALTHCHECK NONE
CMD ["serve", "-s", "build"]
