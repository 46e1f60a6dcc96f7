ARG BASE=alpine:3.20
FROM ${BASE}
ARG GITHUB_TOKEN
ARG NPM_TOKEN=${CI_NPM_TOKEN}
ENV DB_PASSWORD_FILE=/run/secrets/db_password TOKENIZER_PATH=/models/tok APP_SECRET=""
ENV TOKEN_URL=https://auth.example.com/token
