# syntax=docker/dockerfile:1
# The same API, hardened: bases pinned by digest, packages pinned and caches cleaned, the
# private index token mounted as a build secret (never stored in a layer), a non-root user,
# exec-form CMD and a HEALTHCHECK. `palisade scan` reports nothing.
FROM python:3.12-slim@sha256:2f1d6c8d6bb7a3c9a2a1c1a8f2d4b5a36c9e6d0f5c1e7b8a9d0c2e4f6a8b0c1d AS build
WORKDIR /srv/api
COPY requirements.txt .
RUN --mount=type=secret,id=pip_index_token \
    PIP_INDEX_URL="https://acme:$(cat /run/secrets/pip_index_token)@pypi.acme.example/simple" \
    pip install --no-cache-dir --prefix=/install -r requirements.txt

FROM python:3.12-slim@sha256:2f1d6c8d6bb7a3c9a2a1c1a8f2d4b5a36c9e6d0f5c1e7b8a9d0c2e4f6a8b0c1d
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /install /usr/local
WORKDIR /srv/api
COPY --chown=10001:10001 . .
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-fsS", "http://127.0.0.1:8000/healthz"]
CMD ["gunicorn", "-b", "0.0.0.0:8000", "api:app"]
