FROM python:3.12-slim AS base
RUN pip install flask==3.0.3

FROM python:3.12-slim AS other
ENV PIP_NO_CACHE_DIR=1

FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=off
RUN python3 -m pip install requests==2.32.3
