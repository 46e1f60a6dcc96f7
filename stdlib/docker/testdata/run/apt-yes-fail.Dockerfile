FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*
RUN apt-get -q install --no-install-recommends jq=1.6-2.1
