FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
RUN apk update && apk add curl=8.9.0-r0
RUN yum update -y && yum install -y httpd-2.4.57
