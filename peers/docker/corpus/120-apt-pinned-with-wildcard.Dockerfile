FROM debian:bookworm-20241016-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client-15=15.* \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["psql", "--version"]
