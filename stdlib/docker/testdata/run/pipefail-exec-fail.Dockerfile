FROM debian:12
RUN ["/bin/sh", "-c", "cat /etc/os-release | grep ID"]
