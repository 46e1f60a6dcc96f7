FROM python:3.12.7-slim-bookworm AS base
RUN useradd -m app
USER app

FROM base AS runtime
COPY --chown=app:app . /home/app/src
HEALTHCHECK NONE
CMD ["python", "/home/app/src/main.py"]
