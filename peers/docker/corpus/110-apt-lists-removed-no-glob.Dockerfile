FROM debian:bookworm-20241016-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends less=590-2.1~deb12u2 \
 && rm -rf /var/lib/apt/lists
USER 1000
HEALTHCHECK NONE
CMD ["less"]
