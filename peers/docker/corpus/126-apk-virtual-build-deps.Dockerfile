FROM python:3.12.7-alpine3.20
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0 musl-dev=1.2.5-r0 \
    && pip install --no-cache-dir psycopg2==2.9.10 \
    && apk del .build-deps
USER 1000
HEALTHCHECK NONE
CMD ["python3"]
