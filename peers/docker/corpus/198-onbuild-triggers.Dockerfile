# differs: DL3008 hadolint judges the commands of ONBUILD RUN triggers here; Palisade reports each trigger with DOCKER-ONBUILD and judges commands where they run
# differs: DL3009 hadolint judges the commands of ONBUILD RUN triggers here; Palisade reports each trigger with DOCKER-ONBUILD and judges commands where they run
# differs: DL3015 hadolint judges the commands of ONBUILD RUN triggers here; Palisade reports each trigger with DOCKER-ONBUILD and judges commands where they run
# differs: DL3042 hadolint judges the commands of ONBUILD RUN triggers here; Palisade reports each trigger with DOCKER-ONBUILD and judges commands where they run
FROM python:3.12.7-slim-bookworm
WORKDIR /app
ONBUILD COPY requirements.txt /app/
ONBUILD RUN pip install -r requirements.txt
ONBUILD RUN apt-get update && apt-get install -y curl
USER 1000
HEALTHCHECK NONE
CMD ["python"]
