FROM debian:bookworm-20241016-slim
RUN apt-get update && apt-get install -y --no-install-recommends htop=3.2.2-2
USER 1000
HEALTHCHECK NONE
CMD ["htop"]
