FROM debian:12
RUN chmod 755 /usr/local/bin/app \
 && chmod 1777 /tmp/shared \
 && chmod -R u+rwX,go+rX /srv \
 && chmod +x /entrypoint.sh
