FROM ubuntu:24.04
COPY dist/agent_2.1.0_amd64.deb /tmp/
RUN apt-get update \
 && apt-get install -y --no-install-recommends /tmp/agent_2.1.0_amd64.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/*.deb
USER 1000
HEALTHCHECK NONE
CMD ["agent"]
