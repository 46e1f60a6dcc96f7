FROM debian:12
RUN apt-get install -y --no-install-recommends vim=2:9.0.1378-2 && echo ps
