FROM python:3.12-slim-bookworm
COPY --from=ghcr.io/astral-sh/uv:0.4.20 /uv /bin/uv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev
COPY . .
RUN useradd -r -u 999 app
USER 999
HEALTHCHECK CMD ["python", "-m", "app.probe"]
CMD ["uv", "run", "fastapi", "run", "app/main.py", "--port", "80"]
