FROM alpine:3.20.3
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
RUN chmod 755 /usr/local/bin/docker-entrypoint.sh
ENTRYPOINT ["/sbin/tini", "--", "docker-entrypoint.sh"]
USER 1000
HEALTHCHECK NONE
CMD ["serve"]
