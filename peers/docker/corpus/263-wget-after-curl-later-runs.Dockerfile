FROM debian:bookworm-20241016-slim
RUN curl -fsSLo /tmp/a https://example.com/a
RUN chmod 644 /tmp/a
RUN wget -qO /tmp/b https://example.com/b
USER 1000
HEALTHCHECK NONE
CMD ["ls", "/tmp"]
