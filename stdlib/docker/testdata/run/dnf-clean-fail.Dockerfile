FROM fedora:40
RUN dnf install -y nginx-1.24.0
RUN yum clean all && yum install -y httpd-2.4.57
