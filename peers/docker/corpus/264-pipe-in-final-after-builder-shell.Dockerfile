# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM alpine:3.20.3 AS tools
SHELL ["/bin/ash", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/tools.tgz | tar xz -C /opt

FROM alpine:3.20.3
COPY --from=tools /opt /opt
RUN ls /opt | wc -l > /opt/COUNT
USER 1000
HEALTHCHECK NONE
CMD ["cat", "/opt/COUNT"]
