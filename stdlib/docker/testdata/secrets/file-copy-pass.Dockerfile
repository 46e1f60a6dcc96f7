FROM alpine:3.20
COPY id_rsa.pub /root/.ssh/authorized_keys
COPY known_hosts /root/.ssh/known_hosts
COPY certs/ca.pem certs/server-cert.pem /etc/ssl/certs/
COPY .env.example /app/.env.example
COPY package.json package-lock.json /app/
COPY --from=alpine:3.20 /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
