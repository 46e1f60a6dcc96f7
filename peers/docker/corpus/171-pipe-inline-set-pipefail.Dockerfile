# differs: DL4006 the RUN sets -o pipefail itself before the pipe: Palisade accepts it, hadolint only looks at SHELL
FROM ubuntu:24.04
RUN set -o pipefail && wget -qO- https://example.com/install.sh | bash
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
