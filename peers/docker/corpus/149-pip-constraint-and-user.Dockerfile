FROM python:3.12.7-slim-bookworm
RUN useradd -m py
USER py
COPY --chown=py constraints.txt /home/py/
RUN pip install --user --no-cache-dir -c /home/py/constraints.txt pandas
HEALTHCHECK NONE
CMD ["python"]
