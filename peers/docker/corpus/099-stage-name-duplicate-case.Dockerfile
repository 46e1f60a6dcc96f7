# differs: DL3024 stage names are case-insensitive in Docker: Palisade matches them so, hadolint compares them case-sensitively
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM rust:1.82-bookworm AS Build
RUN cargo install just --version 1.36.0

FROM rust:1.82-bookworm AS build
COPY . /src
RUN cargo build --release --manifest-path /src/Cargo.toml

FROM debian:bookworm-20241016-slim
COPY --from=build /src/target/release/app /app
USER 1000
HEALTHCHECK NONE
CMD ["/app"]
