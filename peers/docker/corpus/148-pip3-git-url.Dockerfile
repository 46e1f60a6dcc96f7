FROM python:3.10.15-slim-bookworm
RUN pip3 install --no-cache-dir git+https://github.com/psf/requests.git@v2.32.3
RUN pip3 install --no-cache-dir "celery[redis]"
USER 1000
HEALTHCHECK NONE
CMD ["celery", "--version"]
