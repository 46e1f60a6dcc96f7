FROM ubuntu:24.04
RUN apt-get update && apt-get install -y --no-install-recommends vim=2:9.1.0016-1ubuntu7.3 && rm -rf /var/lib/apt/lists/*
RUN vim -es -c 'set nocompatible' -c 'wq' /etc/vim/vimrc
RUN ssh-keygen -A && ssh -V
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
