FROM debian:bookworm-20241016-slim
RUN curl -fsSLo /usr/local/bin/kubectl https://dl.k8s.io/release/v1.31.1/bin/linux/amd64/kubectl
RUN wget -qO /usr/local/bin/yq https://github.com/mikefarah/yq/releases/download/v4.44.3/yq_linux_amd64
RUN chmod +x /usr/local/bin/kubectl /usr/local/bin/yq
USER 1000
HEALTHCHECK NONE
CMD ["kubectl", "version", "--client"]
