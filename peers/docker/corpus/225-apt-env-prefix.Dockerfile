FROM ubuntu:24.04
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
RUN env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends locales=2.39-0ubuntu8.3
USER 1000
HEALTHCHECK NONE
CMD ["date"]
