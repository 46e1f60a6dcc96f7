FROM debian:12
RUN apt-get update
RUN apk update
RUN yum -y update
