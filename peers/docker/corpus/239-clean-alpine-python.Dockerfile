FROM python:3.12.7-alpine3.20
RUN apk add --no-cache libpq=16.4-r0 \
 && addgroup -S app && adduser -S -G app app
WORKDIR /srv
COPY --chown=app:app requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY --chown=app:app . .
USER app
EXPOSE 8000
HEALTHCHECK CMD ["python", "-c", "import socket; socket.create_connection(('127.0.0.1', 8000))"]
CMD ["gunicorn", "-b", "0.0.0.0:8000", "wsgi:app"]
