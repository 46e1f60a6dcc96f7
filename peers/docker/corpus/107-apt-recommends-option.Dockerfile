FROM ubuntu:22.04
RUN apt-get update \
 && apt-get install -y -o APT::Install-Recommends=false nginx=1.18.0-6ubuntu14.5 \
 && rm -rf /var/lib/apt/lists/*
USER www-data
HEALTHCHECK NONE
CMD ["nginx", "-g", "daemon off;"]
