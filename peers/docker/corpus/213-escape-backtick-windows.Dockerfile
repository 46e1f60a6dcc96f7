# escape=`
FROM mcr.microsoft.com/dotnet/framework/aspnet:4.8-windowsservercore-ltsc2022
SHELL ["powershell", "-Command", "$ErrorActionPreference = 'Stop';"]
WORKDIR /inetpub/wwwroot
COPY site/ .
RUN Remove-Website -Name 'Default Web Site'; `
    New-Website -Name 'app' -Port 80 -PhysicalPath 'C:\inetpub\wwwroot'
EXPOSE 80
USER ContainerUser
HEALTHCHECK NONE
CMD ["C:\\ServiceMonitor.exe", "w3svc"]
