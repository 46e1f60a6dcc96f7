FROM alpine:3.20.3
ADD a.tar.gz b.tar.gz /opt
USER 1000
HEALTHCHECK NONE
CMD ["ls", "/opt"]
