# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM node:22.9.0-alpine3.20 AS web
WORKDIR /web
COPY web/ .
RUN npm ci && npm run build

FROM golang:1.23.2-alpine3.20 AS api
WORKDIR /api
COPY api/ .
RUN go build -o /bin/api .

FROM alpine:3.20.3 AS final
COPY --from=api /bin/api /bin/api
COPY --from=web /web/dist /srv/www
USER 1000
HEALTHCHECK CMD ["/bin/api", "-check"]
CMD ["/bin/api"]
