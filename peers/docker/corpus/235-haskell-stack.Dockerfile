# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM haskell:9.6.6-slim-buster AS build
WORKDIR /opt/build
COPY stack.yaml package.yaml ./
RUN stack build --only-dependencies --system-ghc
COPY . .
RUN stack install --system-ghc --local-bin-path /opt/bin

FROM debian:buster-20240612-slim
RUN apt-get update && apt-get install -y --no-install-recommends libgmp10=2:6.1.2+dfsg-4+deb10u1 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/bin/server /usr/local/bin/server
USER 1000
HEALTHCHECK NONE
CMD ["server"]
