FROM debian:bookworm-20241016-slim
RUN service nginx start
RUN ps aux && free -m && top -bn1
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
