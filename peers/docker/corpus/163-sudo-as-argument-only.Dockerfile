FROM debian:bookworm-20241016-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends sudo=1.9.13p3-1+deb12u1 \
 && rm -rf /var/lib/apt/lists/* \
 && echo "sudo is installed for interactive use" > /etc/motd
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
