# escape=`
FROM debian:bookworm-20241016-slim
RUN apt-get update `
 && apt-get install -y --no-install-recommends curl `
 && rm -rf /var/lib/apt/lists/*
WORKDIR opt
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
