FROM python:3.12.7-slim-bookworm
WORKDIR /app
COPY pyproject.toml setup.cfg .
COPY src src
USER 1000
HEALTHCHECK NONE
CMD ["python", "-m", "app"]
