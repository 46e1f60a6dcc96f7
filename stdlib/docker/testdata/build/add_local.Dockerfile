FROM alpine:3.20
ADD app.py /app/
ADD --chown=app:app config/ settings.yaml /etc/app/
ADD release.zip /opt/
ADD rootfs.tar.gz /
