FROM registry.internal:5000/platform/base:2024.10
COPY service /usr/local/bin/service
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["/usr/local/bin/service"]
