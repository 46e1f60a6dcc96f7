# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
ARG BUILDER_IMAGE=golang:1.22.8-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-20241016-slim

FROM ${BUILDER_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.cache/go-build \
    go build -o /out/grpc-server ./cmd/server

FROM $RUNTIME_IMAGE
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/grpc-server /usr/local/bin/
USER 1000:1000
EXPOSE 50051
HEALTHCHECK CMD ["/usr/local/bin/grpc-server", "-probe"]
ENTRYPOINT ["/usr/local/bin/grpc-server"]
