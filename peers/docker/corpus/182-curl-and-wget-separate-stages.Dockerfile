# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM alpine:3.20.3 AS fetch
RUN wget -qO /helm.tgz https://get.helm.sh/helm-v3.16.2-linux-amd64.tar.gz

FROM debian:bookworm-20241016-slim
COPY --from=fetch /helm.tgz /tmp/helm.tgz
RUN curl --version
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
