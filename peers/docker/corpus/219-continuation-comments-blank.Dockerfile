FROM debian:bookworm-20241016-slim
RUN apt-get update \
    # tools for the build
    && apt-get install -y --no-install-recommends \
        make=4.3-4.1 \

        gcc \
    && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["make"]
