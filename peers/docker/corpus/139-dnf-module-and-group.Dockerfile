FROM registry.access.redhat.com/ubi8/ubi:8.10
RUN dnf module enable -y nodejs:20 \
 && dnf install -y nodejs-20.16.0 \
 && dnf clean all
USER 1001
HEALTHCHECK NONE
CMD ["node"]
