FROM fedora:40
RUN dnf install -y nginx-1.24.0 /tmp/tool-1.0.x86_64.rpm @development-tools 'dnf-command(config-manager)' \
 && dnf clean all
RUN dnf module install -y nodejs:20 && dnf clean all
RUN yum --enablerepo epel install -y httpd-2.4.57 && yum clean all
