FROM registry.internal:5000/platform/base
COPY service /usr/local/bin/service
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/service"]
