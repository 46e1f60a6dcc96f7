# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23.2-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o /bin/app .
CMD ["go", "test", "./..."]

FROM debian:bookworm-20241016-slim
COPY --from=build /bin/app /bin/app
USER 1000
HEALTHCHECK NONE
CMD ["/bin/app"]
