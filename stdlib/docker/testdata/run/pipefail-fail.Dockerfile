FROM debian:12
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt

FROM debian:12 AS second
SHELL ["/bin/sh", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/list.txt | sort > /list.txt
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/list.txt | sort > /list2.txt
SHELL ["/bin/bash", "-c"]
RUN cat /etc/os-release | grep ID
