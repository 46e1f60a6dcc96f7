FROM debian:bookworm-20241016-slim
COPY coturn /usr/bin/turnserver
EXPOSE 3478/udp 3478/tcp
EXPOSE 49152-65535/udp
USER 1000
HEALTHCHECK NONE
CMD ["turnserver"]
