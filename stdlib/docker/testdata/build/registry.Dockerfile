FROM ghcr.io/acme/builder:1.0 AS build
FROM eu.gcr.io/acme/tools:2 AS tools
FROM quay.io/evil/tool:1
FROM python:3.12-slim
