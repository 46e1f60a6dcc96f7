FROM python:3.12.7-slim-bookworm
COPY ["setup.py", "setup.cfg", "/src"]
COPY ["README.md", "/src/README.md"]
USER 1000
HEALTHCHECK NONE
CMD ["python"]
