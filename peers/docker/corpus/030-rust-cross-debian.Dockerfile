# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM rust:1.81-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends \
        gcc-aarch64-linux-gnu=4:12.2.0-3 \
        libc6-dev-arm64-cross=2.36-8cross1 \
    && rm -rf /var/lib/apt/lists/*
RUN rustup target add aarch64-unknown-linux-gnu
WORKDIR /src
COPY . .
RUN cargo build --release --target aarch64-unknown-linux-gnu

FROM --platform=linux/arm64 debian:bookworm-slim
COPY --from=build /src/target/aarch64-unknown-linux-gnu/release/agent /usr/bin/agent
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["/usr/bin/agent"]
