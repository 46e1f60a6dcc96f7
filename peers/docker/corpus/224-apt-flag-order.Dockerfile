FROM debian:bookworm-20241016-slim
RUN apt-get update \
 && apt-get install curl=7.88.1-10+deb12u7 -y --no-install-recommends \
 && apt-get -qq -y install --no-install-recommends git \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["curl", "--version"]
