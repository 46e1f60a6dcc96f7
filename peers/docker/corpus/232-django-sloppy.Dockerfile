# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM python:3
MAINTAINER dev@example.com
ENV PYTHONUNBUFFERED 1
RUN mkdir /code
WORKDIR code
ADD requirements.txt /code/
RUN pip install -r requirements.txt
ADD . /code/
RUN apt-get update && apt-get install -y gettext && cd /code && python manage.py compilemessages
EXPOSE 8000
CMD python manage.py runserver 0.0.0.0:8000
