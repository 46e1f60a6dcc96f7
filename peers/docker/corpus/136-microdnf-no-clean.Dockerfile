FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y openssl-3.0.7-27.el9
USER 1001
HEALTHCHECK NONE
CMD ["openssl", "version"]
