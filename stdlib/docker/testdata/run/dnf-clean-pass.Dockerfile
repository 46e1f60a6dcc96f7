FROM fedora:40
RUN dnf install -y nginx-1.24.0 && dnf clean all
RUN microdnf install -y httpd-2.4.57 && rm -rf /var/cache/yum/*
RUN --mount=type=cache,target=/var/cache/dnf dnf install -y jq-1.7.1
