FROM ubuntu:24.04
RUN apt-get update \
 && apt-cache policy openssl \
 && apt-get install -y --no-install-recommends openssl=3.0.13-0ubuntu3.4 \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["openssl", "version"]
