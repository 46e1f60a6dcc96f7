FROM debian:bookworm-20241016-slim
RUN apt-get update \
 && apt-get -q install --no-install-recommends rsync=3.2.7-1+deb12u2 \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["rsync", "--version"]
