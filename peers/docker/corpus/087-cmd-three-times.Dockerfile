FROM python:3.12.7-slim-bookworm
WORKDIR /app
COPY . .
CMD python manage.py migrate
CMD python manage.py collectstatic
USER 1000
HEALTHCHECK NONE
CMD ["gunicorn", "app.wsgi"]
