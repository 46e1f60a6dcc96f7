FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y shadow-utils tar gzip && microdnf clean all
USER 1001
HEALTHCHECK NONE
CMD ["tar", "--version"]
