FROM alpine:3.20.3
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /tini
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2015d0a3a4cac8ab https://example.com/tool.tar.gz /tmp/
RUN chmod +x /tini
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["/tini", "--"]
