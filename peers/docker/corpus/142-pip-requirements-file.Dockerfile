FROM python:3.12.7-slim-bookworm
WORKDIR /app
COPY requirements.txt .
RUN pip install -r req.txt
RUN pip install --no-cache-dir --requirement requirements.txt
USER 1000
HEALTHCHECK NONE
CMD ["python", "app.py"]
