# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
WORKDIR C:\app
COPY . .
RUN powershell -Command `
    Set-ExecutionPolicy Bypass -Scope Process -Force; `
    Write-Host 'ready'
USER ContainerUser
HEALTHCHECK NONE
CMD ["cmd", "/c", "app.exe"]
