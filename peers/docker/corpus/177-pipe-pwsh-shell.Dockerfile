FROM mcr.microsoft.com/powershell:lts-7.4-ubuntu-22.04
SHELL ["pwsh", "-Command"]
RUN Get-ChildItem /etc | Select-Object -First 5
USER 1000
HEALTHCHECK NONE
CMD ["pwsh"]
