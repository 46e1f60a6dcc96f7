# differs: DL3006 Palisade substitutes the ARG default in FROM and judges the image it names; hadolint does not look through variables
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
ARG BASE=alpine
FROM golang:1.23 AS build
WORKDIR /app
COPY . .
RUN go build -o app .

FROM ${BASE}
COPY --from=build /app/app /app
USER nobody
CMD ["/app"]
