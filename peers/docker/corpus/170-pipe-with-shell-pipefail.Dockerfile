FROM debian:bookworm-20241016-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
