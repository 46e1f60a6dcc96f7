# differs: DL3008 Palisade judges the command run through sudo as that command; hadolint sees only sudo
FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends sudo=1.9.15p5-3ubuntu5 && rm -rf /var/lib/apt/lists/*
RUN useradd -m ci && echo 'ci ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/ci
USER ci
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends zip && sudo rm -rf /var/lib/apt/lists/*
HEALTHCHECK NONE
CMD ["zip", "-v"]
