FROM ubuntu:24.04
RUN apt update \
 && apt install -y --no-install-recommends curl=8.5.0-2ubuntu10.4 \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends git=1:2.43.0-1ubuntu7.1 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["git", "--version"]
