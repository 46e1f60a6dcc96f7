# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM quay.io/prometheus/busybox:glibc AS tools
FROM myregistry.example.com/ops/base:3.2.1
COPY --from=tools /bin/busybox /bin/busybox
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["/bin/busybox"]
