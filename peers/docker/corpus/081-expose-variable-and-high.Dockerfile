FROM python:3.12.7-slim-bookworm
ARG PORT=8000
ENV PORT=${PORT}
EXPOSE ${PORT}
EXPOSE 65535/tcp
USER 1000
HEALTHCHECK NONE
CMD ["python", "-m", "http.server"]
