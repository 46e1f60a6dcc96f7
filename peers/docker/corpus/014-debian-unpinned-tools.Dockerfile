# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl wget gnupg
RUN curl -fsSL https://deb.nodesource.com/setup_20.x -o setup.sh && bash setup.sh
RUN wget -q https://example.com/tool.tar.gz
CMD ["/bin/bash"]
