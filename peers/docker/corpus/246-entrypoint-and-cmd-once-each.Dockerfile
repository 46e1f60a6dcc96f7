FROM python:3.12.7-slim-bookworm
COPY app.py /app.py
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["python", "-u"]
CMD ["/app.py"]
