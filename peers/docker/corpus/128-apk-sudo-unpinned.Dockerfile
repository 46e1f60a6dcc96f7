# differs: DL3018 Palisade judges the command run through sudo as that command; hadolint sees only sudo
# differs: DL3019 Palisade judges the command run through sudo as that command; hadolint sees only sudo
FROM alpine:3.20.3
RUN apk add --no-cache sudo=1.9.15_p5-r0 && adduser -D ops && echo 'ops ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/ops
USER ops
RUN sudo apk add htop
HEALTHCHECK NONE
CMD ["htop"]
