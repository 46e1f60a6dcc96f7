FROM ubuntu:24.04
ENV DEBIAN_FRONTEND=noninteractive
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        ca-certificates=20240203 \
        gnupg=2.4.4-2ubuntu17; \
    install -m 0755 -d /etc/apt/keyrings; \
    apt-get update; \
    apt-get install -y --no-install-recommends docker-ce-cli; \
    rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["docker", "--version"]
