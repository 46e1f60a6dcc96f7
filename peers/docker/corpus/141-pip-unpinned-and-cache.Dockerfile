FROM python:3.12.7-slim-bookworm
RUN pip install requests flask
USER 1000
HEALTHCHECK NONE
CMD ["flask", "run"]
