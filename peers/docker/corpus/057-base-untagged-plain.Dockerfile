FROM debian
RUN useradd -m app
USER app
HEALTHCHECK NONE
CMD ["bash"]
