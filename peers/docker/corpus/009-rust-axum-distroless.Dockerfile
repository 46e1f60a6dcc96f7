# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM rust:1.82-slim-bookworm AS chef
RUN cargo install cargo-chef --locked --version 0.1.68
WORKDIR /app

FROM chef AS planner
COPY . .
RUN cargo chef prepare --recipe-path recipe.json

FROM chef AS builder
COPY --from=planner /app/recipe.json recipe.json
RUN cargo chef cook --release --recipe-path recipe.json
COPY . .
RUN cargo build --release --bin server

FROM gcr.io/distroless/cc-debian12
COPY --from=builder /app/target/release/server /usr/local/bin/server
USER nonroot
EXPOSE 3000
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/server"]
