FROM python:3.12.7-slim-bookworm
ENV TOKEN_URL=https://auth.example.com/token \
    PASSWORD_MIN_LENGTH=12 \
    SECRET_NAME=app-credentials
USER 1000
HEALTHCHECK NONE
CMD ["python"]
