# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM python:3.12.7-slim-bookworm AS app
WORKDIR /app
COPY . .

FROM app AS test
RUN python -m pytest

FROM app AS test
USER 1000
HEALTHCHECK NONE
CMD ["python", "-m", "app"]
