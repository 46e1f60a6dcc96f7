FROM debian:bookworm-20241016-slim
RUN useradd -r svc
USER svc
COPY --chown=svc:svc app /opt/app
USER root
HEALTHCHECK NONE
CMD ["/opt/app/run"]
