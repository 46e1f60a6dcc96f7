FROM python:3.12.7-alpine3.20
WORKDIR "/opt/my app"
COPY . .
WORKDIR '/var/lib/data'
USER 1000
HEALTHCHECK NONE
CMD ["python", "-m", "http.server"]
