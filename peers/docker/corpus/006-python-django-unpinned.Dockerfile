# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM python:3.11
RUN apt-get update && apt-get install -y postgresql-client gettext
WORKDIR /code
COPY requirements.txt /code/
RUN pip install -r requirements.txt
RUN pip install gunicorn
COPY . /code/
EXPOSE 8000
CMD gunicorn mysite.wsgi:application --bind 0.0.0.0:8000
