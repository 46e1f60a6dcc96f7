from python:3.12.7-slim-bookworm
entrypoint ["python"]
user 1000
healthcheck NONE
entrypoint ["python", "-u"]
cmd ["app.py"]
