FROM ubuntu:24.04
RUN sudo mkdir -p /opt/tools
USER 1000
HEALTHCHECK NONE
CMD ["ls", "/opt/tools"]
