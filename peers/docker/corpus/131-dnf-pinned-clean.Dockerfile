FROM fedora:41
RUN dnf install -y x-1.2 git-2.47.0-1.fc41 && dnf clean all
USER 1000
HEALTHCHECK NONE
CMD ["git", "--version"]
