# syntax=docker/dockerfile:1
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM rust:1.82-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --link --from=build /src/target/release/svc /svc
USER nonroot
HEALTHCHECK NONE
ENTRYPOINT ["/svc"]
