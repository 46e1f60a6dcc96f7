FROM debian:12 AS base
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5

FROM base
RUN rm -rf /var/lib/apt/lists/* && apt-get update && apt-get install -y --no-install-recommends git=1:2.39.2-1.1
