FROM alpine:3.20
ADD rootfs.tar.gz /
ADD vendor.TGZ /vendor/
ADD data.tar.xz layers.tar /data/
ADD --checksum=sha256:0b5a4b4f1a3e0f7f1a4f2c7b2d9e6c5a8d3b1e0f9a7c6b5d4e3f2a1b0c9d8e7f https://example.com/tool.tar.gz /tmp/
ADD ${ARCHIVE} /opt/
