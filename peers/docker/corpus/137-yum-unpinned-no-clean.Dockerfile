FROM amazonlinux:2023.6.20241010.0
RUN yum install -y shadow-utils procps
USER 1000
HEALTHCHECK NONE
CMD ["ps"]
