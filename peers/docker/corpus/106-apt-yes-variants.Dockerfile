FROM debian:bookworm-20241016-slim
RUN apt-get update \
 && apt-get -qq install --no-install-recommends make=4.3-4.1 \
 && apt-get install --yes --no-install-recommends patch=2.7.6-7 \
 && apt-get install --assume-yes --no-install-recommends file=1:5.44-3 \
 && apt-get -y install --no-install-recommends xz-utils=5.4.1-0.2 \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["make", "--version"]
