# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM python:3.12.7-slim-bookworm
WORKDIR /srv
COPY app.py .
HEALTHCHECK NONE
CMD ["python", "app.py"]
