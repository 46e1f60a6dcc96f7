FROM amazonlinux:2.0.20241001.0
RUN yum install -y unzip-6.0 \
    && yum clean all \
    && rm -rf /var/cache/yum
USER 1000
HEALTHCHECK NONE
CMD ["unzip"]
