FROM ubuntu:24.04
RUN apt update && apt install -y --no-install-recommends wget=1.21.4-1ubuntu4.1 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["wget", "--version"]
