FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      curl=7.88.1-10+deb12u5 \
      ./vendor/tool_1.0_amd64.deb \
      ${EXTRA_PACKAGES} \
 && rm -rf /var/lib/apt/lists/*
