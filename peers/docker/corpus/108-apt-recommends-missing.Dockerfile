FROM debian:12.7-slim
RUN apt-get update && apt-get install -y tzdata=2024a-0+deb12u1 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["date"]
