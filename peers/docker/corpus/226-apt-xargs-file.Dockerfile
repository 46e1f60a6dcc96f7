FROM debian:bookworm-20241016-slim
COPY packages.txt /tmp/packages.txt
RUN apt-get update \
 && xargs apt-get install -y --no-install-recommends < /tmp/packages.txt \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
