# syntax=docker/dockerfile:1
FROM busybox:1.36.1
COPY <<EOT /etc/motd
Welcome to the build box.
EOT

COPY <<EOT /etc/profile.d/prompt.sh
export PS1='box$ '
EOT

USER 1000
HEALTHCHECK NONE
CMD ["sh"]
