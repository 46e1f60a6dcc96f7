FROM fedora:40
RUN dnf install -y nginx python3-devel-3.12.4 && dnf clean all
RUN yum install -y httpd && yum clean all
RUN microdnf install -y python3-devel && microdnf clean all
RUN dnf module install -y nodejs && dnf clean all
