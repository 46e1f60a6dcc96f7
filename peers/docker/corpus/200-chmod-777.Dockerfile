FROM alpine:3.20.3
RUN mkdir -p /data /cache && chmod 777 /data && chmod -R 0777 /cache
RUN chmod a+rwx /tmp/shared || true
USER 1000
HEALTHCHECK NONE
CMD ["sh"]
