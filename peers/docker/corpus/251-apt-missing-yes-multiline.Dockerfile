FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install --no-install-recommends \
      build-essential=12.10ubuntu1 \
      pkg-config=1.8.1-2build1 \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["make"]
