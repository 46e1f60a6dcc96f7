FROM debian:bookworm-20241016-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends vim-tiny=2:9.0.1378-2 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["vi"]
