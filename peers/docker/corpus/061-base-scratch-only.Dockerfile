FROM scratch
ADD rootfs.tar.xz /
USER 65534
HEALTHCHECK NONE
CMD ["/bin/sh"]
