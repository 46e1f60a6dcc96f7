FROM fedora:41
RUN dnf install -y tcpdump-4.99.4-7.fc41 && dnf clean all
USER root:root
HEALTHCHECK NONE
ENTRYPOINT ["tcpdump"]
