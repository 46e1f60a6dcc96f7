# syntax=docker/dockerfile:1.7
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM node:22.9.0-bookworm-slim AS base
ENV PNPM_HOME="/pnpm"
ENV PATH="$PNPM_HOME:$PATH"
RUN corepack enable

FROM base AS build
WORKDIR /usr/src/app
COPY . .
RUN --mount=type=cache,id=pnpm,target=/pnpm/store pnpm install --frozen-lockfile
RUN pnpm run -r build
RUN pnpm deploy --filter=api --prod /prod/api

FROM base AS api
COPY --from=build /prod/api /prod/api
WORKDIR /prod/api
USER node
EXPOSE 8000
HEALTHCHECK CMD ["node", "healthcheck.js"]
CMD ["node", "dist/index.js"]
