FROM debian:12
RUN cd /src && make
RUN (cd /tmp && tar -xzf app.tgz)
