FROM debian:12
RUN chmod 777 /data
RUN chmod -R a+rwx /srv/app /srv/cache
RUN chmod 0666 /etc/app.conf && chmod o+w /var/log/app
