FROM ubuntu:24.04
USER root
RUN mkdir -p /data && chown 1000:1000 /data
USER 1000
HEALTHCHECK NONE
CMD ["/usr/bin/sleep", "infinity"]
