FROM debian:bookworm-20241016-slim
RUN useradd -m worker \
    && mkdir -p /srv/cache \
    && sudo -u worker touch /srv/cache/.keep
USER worker
HEALTHCHECK NONE
CMD ["bash"]
