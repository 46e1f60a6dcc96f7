FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends unzip=6.0-28ubuntu4 \
 && apt-get clean
USER 1000
HEALTHCHECK NONE
CMD ["unzip"]
