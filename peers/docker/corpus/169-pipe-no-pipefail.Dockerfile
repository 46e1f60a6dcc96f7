FROM debian:bookworm-20241016-slim
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
