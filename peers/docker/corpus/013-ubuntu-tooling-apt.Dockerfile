FROM ubuntu:24.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && \
    apt-get install -y --no-install-recommends \
      ca-certificates=20240203 \
      curl=8.5.0-2ubuntu10.4 \
      git=1:2.43.0-1ubuntu7.1 \
      jq=1.7.1-3build1 && \
    rm -rf /var/lib/apt/lists/*
RUN useradd -m -u 1000 dev
USER dev
WORKDIR /home/dev
HEALTHCHECK NONE
CMD ["bash"]
