# A Python API image as it is often first written. `palisade scan` reports: the base by tag
# only (no digest) and `latest`; MAINTAINER; apt-get without -y's siblings: unpinned packages,
# recommends installed, lists kept; an installer piped into a shell; pip unpinned with its cache;
# a token in ENV; an SSH key copied in; `cd` instead of WORKDIR; world-writable files; port 22;
# no HEALTHCHECK; a shell-form CMD; and no USER, so the container runs as root.
FROM python:latest
MAINTAINER ops@acme.example
ENV API_TOKEN=4f9c2e1a7b7d4e0f9a3c
RUN apt-get update && apt-get install -y curl git \
    && curl -fsSL https://install.example.com/agent.sh | bash
COPY id_rsa /root/.ssh/id_rsa
COPY . /srv/api
RUN cd /srv/api && pip install flask gunicorn && chmod -R 777 /srv/api
EXPOSE 22 8000
CMD gunicorn -b 0.0.0.0:8000 api:app
