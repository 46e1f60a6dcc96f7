# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM rust:1.82-alpine3.20 AS build
RUN apk add --no-cache musl-dev openssl-dev
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release

FROM alpine:3.20
RUN apk add --no-cache ca-certificates=20240705-r0 \
 && addgroup -S app && adduser -S app -G app
COPY --from=build /usr/src/app/target/release/app /usr/local/bin/app
USER app
CMD ["app"]
