# differs: DL3013 Palisade recognises pip called by path (/venv/bin/pip); hadolint only a command named pip
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM python:3.12.7-slim-bookworm AS build
RUN python -m venv /venv \
 && /venv/bin/pip install --no-cache-dir --upgrade pip==24.2 \
 && /venv/bin/pip install --no-cache-dir gunicorn==23.0.0 uvicorn

FROM python:3.12.7-slim-bookworm
COPY --from=build /venv /venv
USER 1000
HEALTHCHECK NONE
CMD ["/venv/bin/gunicorn"]
