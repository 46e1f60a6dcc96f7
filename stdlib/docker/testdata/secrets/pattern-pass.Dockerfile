FROM alpine:3.20
ARG REPO_URL=https://git.example.com/org/repo.git
RUN --mount=type=secret,id=git_token,env=GIT_TOKEN git clone "https://oauth2:${GIT_TOKEN}@git.example.com/org/repo.git" /src
LABEL org.opencontainers.image.source="https://github.com/org/repo"
ENV KEY_ID=AKIA_NOT_A_KEY
RUN echo "-----BEGIN PUBLIC KEY-----" > /etc/app/key.pub
