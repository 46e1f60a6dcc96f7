FROM debian:12 AS base
SHELL ["/bin/bash", "-eo", "pipefail", "-c"]
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt

FROM base
RUN cat /etc/os-release | grep ID

FROM debian:12
RUN set -o pipefail && curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
RUN ["/bin/bash", "-o", "pipefail", "-c", "cat /etc/os-release | grep ID"]

FROM mcr.microsoft.com/windows/servercore:ltsc2022
SHELL ["powershell", "-Command"]
RUN Get-ChildItem | Select-Object Name
