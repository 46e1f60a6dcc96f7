FROM debian:bookworm-20241016-slim
ADD vendor/jdk-21_linux-x64_bin.tar.gz /opt/
ADD assets.tgz /srv/assets/
ENV PATH=/opt/jdk-21/bin:$PATH
USER 1000
HEALTHCHECK NONE
CMD ["java", "-version"]
