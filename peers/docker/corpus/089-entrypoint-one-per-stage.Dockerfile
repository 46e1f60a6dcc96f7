# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM rust:1.82-bookworm AS test
WORKDIR /src
COPY . .
ENTRYPOINT ["cargo", "test"]

FROM rust:1.82-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release
ENTRYPOINT ["cargo", "run"]

FROM debian:bookworm-20241016-slim
COPY --from=build /src/target/release/app /app
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["/app"]
