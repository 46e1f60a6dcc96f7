FROM python:3.12.7-slim-bookworm
RUN pip install --no-cache-dir -U pip setuptools wheel
RUN pip install --no-cache-dir --index-url https://pypi.example.com/simple internal-lib==3.1.0
USER 1000
HEALTHCHECK NONE
CMD ["python"]
