FROM debian:12
RUN sudo mkdir /data
RUN env DEBIAN_FRONTEND=noninteractive sudo chown app /data
