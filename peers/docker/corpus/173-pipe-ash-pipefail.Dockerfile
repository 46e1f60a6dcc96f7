FROM alpine:3.20.3
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN wget -qO- https://example.com/list.txt | grep -v '^#' > /etc/list
USER 1000
HEALTHCHECK NONE
CMD ["cat", "/etc/list"]
