# differs: DL4001 Palisade reports the first use of the second tool; hadolint reports every RUN using either tool from then on
FROM debian:bookworm-20241016-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://get.docker.com | sh
RUN wget -qO- https://install.python-poetry.org | python3 -
RUN curl -sSf https://sh.rustup.rs | bash -s -- -y
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
