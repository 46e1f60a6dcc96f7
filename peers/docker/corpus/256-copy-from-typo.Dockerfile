# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM rust:1.82-bookworm AS compile
WORKDIR /src
COPY . .
RUN cargo build --release

FROM debian:bookworm-20241016-slim
COPY --from=complie /src/target/release/app /usr/local/bin/app
USER 1000
HEALTHCHECK NONE
CMD ["app"]
