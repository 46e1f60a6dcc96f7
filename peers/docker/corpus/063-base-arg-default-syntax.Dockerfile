ARG PY_TAG
FROM python:${PY_TAG:-3.12-slim}
WORKDIR /app
COPY . .
USER 1000
HEALTHCHECK NONE
CMD ["python", "main.py"]
