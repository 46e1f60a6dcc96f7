# differs: DL3022 stage names are case-insensitive in Docker: Palisade matches them so, hadolint compares them case-sensitively
# differs: DL3023 stage names are case-insensitive in Docker: Palisade matches them so, hadolint compares them case-sensitively
FROM python:3.12.7-slim-bookworm AS Runtime
WORKDIR /app
COPY . .
COPY --from=runtime /app/config /etc/app
USER 1000
HEALTHCHECK NONE
CMD ["python", "app.py"]
