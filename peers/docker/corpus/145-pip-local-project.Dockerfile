FROM python:3.12.7-slim-bookworm
WORKDIR /src
COPY . .
RUN pip install --no-cache-dir .
RUN pip install --no-cache-dir -e ./plugins/extra
RUN pip install --no-cache-dir dist/app-1.0.0-py3-none-any.whl
USER 1000
HEALTHCHECK NONE
CMD ["app"]
