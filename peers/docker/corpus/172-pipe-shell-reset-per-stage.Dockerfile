# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM debian:bookworm-20241016-slim AS fetch
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/data.tar.gz | tar xz -C /data

FROM debian:bookworm-20241016-slim
COPY --from=fetch /data /data
RUN find /data -type f | sort > /data/MANIFEST
USER 1000
HEALTHCHECK NONE
CMD ["cat", "/data/MANIFEST"]
