# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM alpine:3.20.3 AS runtime
COPY --from=build /out/app /app
USER 1000
HEALTHCHECK NONE
CMD ["/app"]

FROM golang:1.23.2-alpine3.20 AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .
