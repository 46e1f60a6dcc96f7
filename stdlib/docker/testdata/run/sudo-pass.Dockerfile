FROM debian:12
RUN apt-get install -y --no-install-recommends sudo=1.9.13p3-1+deb12u1 && mkdir /data
