FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*
RUN sudo apt-get install -y --no-install-recommends -t bookworm-backports git
RUN ["apt-get", "install", "-y", "--no-install-recommends", "jq"]
