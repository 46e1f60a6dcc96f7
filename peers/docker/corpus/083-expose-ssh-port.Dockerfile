FROM ubuntu:22.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-server=1:8.9p1-3ubuntu0.10 \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /var/run/sshd
EXPOSE 22
USER 1000
HEALTHCHECK NONE
CMD ["/usr/sbin/sshd", "-D"]
