FROM registry.access.redhat.com/ubi8/ubi:8.10
RUN yum install -y nodejs npm
RUN yum install -y git-2.43.5 && yum clean all
WORKDIR /opt/app-root/src
COPY . .
RUN npm install
USER 1001
CMD ["npm", "start"]
