FROM ubuntu:24.04
RUN dpkg-query -W -f='${Package}\n' | sort > /installed.txt
USER 1000
HEALTHCHECK NONE
CMD ["cat", "/installed.txt"]
