# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM node:22.9.0-alpine3.20 AS build
WORKDIR /app
COPY . .
RUN npm run build

FROM golang:1.23.2-alpine3.20 AS build
WORKDIR /src
COPY . .
RUN go build -o /api .

FROM alpine:3.20.3
COPY --from=build /api /api
USER 1000
HEALTHCHECK NONE
CMD ["/api"]
