# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23.2-alpine3.20 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/a ./cmd/a && go build -o /out/b ./cmd/b

FROM alpine:3.20.3
COPY --from=build /out/a /out/b /usr/local/bin
USER 1000
HEALTHCHECK NONE
CMD ["a"]
