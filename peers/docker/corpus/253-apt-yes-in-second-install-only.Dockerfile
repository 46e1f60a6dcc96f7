FROM debian:bookworm-20241016-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends gnupg=2.2.40-1.1 \
 && apt-get install --no-install-recommends dirmngr=2.2.40-1.1 \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["gpg", "--version"]
