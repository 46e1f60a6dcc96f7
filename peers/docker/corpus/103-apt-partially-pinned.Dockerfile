FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      python3=3.12.3-0ubuntu2 \
      python3-venv \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["python3"]
