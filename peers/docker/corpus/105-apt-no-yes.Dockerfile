FROM debian:bookworm-20241016-slim
RUN apt-get update && apt-get install --no-install-recommends git=1:2.39.5-0+deb12u1 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["git", "--version"]
