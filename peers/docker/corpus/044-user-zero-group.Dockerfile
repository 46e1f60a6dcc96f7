FROM registry.access.redhat.com/ubi9/ubi:9.4
USER 0:0
RUN dnf install -y procps-ng-3.3.17-14.el9 && dnf clean all
HEALTHCHECK NONE
CMD ["sleep", "infinity"]
