FROM python:3.12.7-slim-bookworm
COPY . /app
USER 1000
HEALTHCHECK NONE
CMD [ "gunicorn", \
      "--workers", "4", \
      "app:app" ]
