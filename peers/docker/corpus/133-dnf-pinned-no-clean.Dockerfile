FROM registry.access.redhat.com/ubi9/ubi:9.4
RUN dnf install -y python3.12-3.12.1-4.el9
USER 1001
HEALTHCHECK NONE
CMD ["python3.12"]
