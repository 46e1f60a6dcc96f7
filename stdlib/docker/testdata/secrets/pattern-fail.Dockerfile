ARG DB_URL=postgres://app:pa55word@db.example.com:5432/app
FROM alpine:3.20
ENV AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
RUN git clone https://deploy:s3cr3tpassw0rd@git.example.com/org/repo.git /src
LABEL ci.token="ghp_EXAMPLE00000000000000000000000000000"
LABEL notify="xoxb-000000000000-000000000000-EXAMPLEEXAMPLE"
RUN <<EOF
mkdir -p /root/.ssh
echo "-----BEGIN OPENSSH PRIVATE KEY-----" > /root/.ssh/id_ed25519
EOF
