FROM python:3.12.7-bookworm
RUN python -m pip install --upgrade pip
RUN python3 -m pip install --no-cache-dir black
USER 1000
HEALTHCHECK NONE
CMD ["black", "--version"]
