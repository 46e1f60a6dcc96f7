FROM debian:12
RUN apt-get update && apt-cache policy curl && apt-get install -y curl
