FROM ubuntu:24.04
ADD config.yaml https://example.com/defaults.yaml /etc/app/
ADD ["run.sh", "/usr/local/bin/run.sh"]
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/run.sh"]
