# differs: DL3016 Palisade judges the command run through sudo as that command; hadolint sees only sudo
FROM ubuntu:22.04
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update && apt-get install -y --no-install-recommends \
      curl wget git unzip sudo openssh-client \
    && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
RUN wget -q https://releases.hashicorp.com/terraform/1.9.8/terraform_1.9.8_linux_amd64.zip \
    && unzip terraform_1.9.8_linux_amd64.zip -d /usr/local/bin
RUN useradd -m runner && echo "runner ALL=(ALL) NOPASSWD:ALL" >> /etc/sudoers
USER runner
RUN sudo npm install -g yarn
WORKDIR /home/runner
CMD ["bash"]
