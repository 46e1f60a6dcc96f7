# syntax=docker/dockerfile:1
FROM python:3.12.7-slim-bookworm
COPY <<EOF /usr/local/bin/start.sh
#!/bin/sh
exec gunicorn app:app
EOF

RUN chmod 755 /usr/local/bin/start.sh && pip install gunicorn
USER 1000
HEALTHCHECK NONE
CMD ["/usr/local/bin/start.sh"]
