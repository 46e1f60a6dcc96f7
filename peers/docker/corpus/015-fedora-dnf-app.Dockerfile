FROM fedora:41
RUN dnf install -y python3-pip-24.2-1.fc41 gcc-14.2.1-3.fc41 && dnf clean all
WORKDIR /srv
COPY . /srv/
RUN pip3 install --no-cache-dir -r requirements.txt
USER 1001
HEALTHCHECK CMD ["python3", "-m", "app.health"]
CMD ["python3", "-m", "app"]
