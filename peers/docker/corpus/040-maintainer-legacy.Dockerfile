# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM centos:7
MAINTAINER Jane Doe <jane@example.com>
RUN yum -y install epel-release && yum clean all
RUN yum -y install nginx-1.20.1
EXPOSE 80
CMD ["nginx", "-g", "daemon off;"]
