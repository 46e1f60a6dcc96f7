FROM python:3.12.6-alpine3.20
WORKDIR app
COPY . .
WORKDIR "/srv/data"
WORKDIR $HOME/cache
USER 1000
CMD ["python", "main.py"]
