FROM alpine:3.20
COPY a.txt b.txt /srv/
COPY . /app
COPY <<EOT /etc/motd
hello
EOT
