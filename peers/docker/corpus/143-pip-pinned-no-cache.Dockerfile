FROM python:3.11.10-slim-bookworm
RUN pip install --no-cache-dir requests==2.32.3 "urllib3>=2,<3" 'idna~=3.10'
USER 1000
HEALTHCHECK NONE
CMD ["python"]
