# syntax=docker/dockerfile:1
FROM debian:12 AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
WORKDIR /src
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 ca-certificates=20230311 \
 && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLo /tmp/tool.tgz https://example.com/tool-1.2.3.tgz \
 && echo "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08  /tmp/tool.tgz" | sha256sum -c - \
 && tar -xzf /tmp/tool.tgz -C /usr/local/bin

FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt package.json package-lock.json /app/
RUN pip install -r /app/requirements.txt
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
COPY --from=build /usr/local/bin/tool /usr/local/bin/tool
USER 10001
