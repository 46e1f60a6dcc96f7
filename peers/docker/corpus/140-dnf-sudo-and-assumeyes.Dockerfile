# differs: DL3040 Palisade judges the command run through sudo as that command; hadolint sees only sudo
# differs: DL3041 Palisade judges the command run through sudo as that command; hadolint sees only sudo
FROM fedora:41
RUN dnf --assumeyes install vim-enhanced && dnf clean all
RUN sudo dnf install -y tmux
USER 1000
HEALTHCHECK NONE
CMD ["vim"]
