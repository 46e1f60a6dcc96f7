FROM debian:12 AS builder
RUN apt-get update && apt-get install -y --no-install-recommends make=4.3-4.1

FROM debian:12
COPY --from=builder /usr/bin/make /usr/bin/make
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
 && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends jq=1.6-2.1
RUN apt-get install -y --no-install-recommends ./vendor/tool_1.0_amd64.deb
RUN apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1 \
 && apt-get clean && rm -f /var/lib/apt/lists/*_*
