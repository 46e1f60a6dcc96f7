FROM debian:bookworm-20241016-slim
RUN mount -t tmpfs none /mnt || true
RUN kill -0 1
RUN shutdown -h now
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
