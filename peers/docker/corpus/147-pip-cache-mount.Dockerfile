# syntax=docker/dockerfile:1
FROM python:3.12.7-slim-bookworm
COPY requirements.txt /tmp/
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install -r /tmp/requirements.txt
USER 1000
HEALTHCHECK NONE
CMD ["python"]
