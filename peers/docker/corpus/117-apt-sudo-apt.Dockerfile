# differs: DL3009 Palisade judges the command run through sudo as that command; hadolint sees only sudo
# differs: DL3027 Palisade judges the command run through sudo as that command; hadolint sees only sudo
FROM ubuntu:24.04
USER ubuntu
RUN sudo apt update && sudo apt install -y --no-install-recommends jq=1.7.1-3build1
HEALTHCHECK NONE
CMD ["jq"]
