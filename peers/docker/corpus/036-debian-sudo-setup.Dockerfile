# differs: DL3008 Palisade judges the command run through sudo as that command; hadolint sees only sudo
# differs: DL3009 Palisade judges the command run through sudo as that command; hadolint sees only sudo
# differs: DL3015 Palisade judges the command run through sudo as that command; hadolint sees only sudo
FROM debian:12.7
RUN apt-get update && apt-get install -y --no-install-recommends sudo=1.9.13p3-1+deb12u1 && rm -rf /var/lib/apt/lists/*
RUN useradd -m builder && echo "builder ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers
USER builder
RUN sudo apt-get update && sudo apt-get install -y make
HEALTHCHECK NONE
CMD ["make"]
