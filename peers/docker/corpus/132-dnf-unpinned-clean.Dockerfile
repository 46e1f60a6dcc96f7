FROM fedora:41
RUN dnf install -y git make && dnf clean all
USER 1000
HEALTHCHECK NONE
CMD ["make", "--version"]
