FROM alpine:3.20
COPY id_rsa /root/.ssh/id_rsa
COPY .npmrc package.json /app/
ADD certs/server.key certs/server.crt /etc/ssl/private/
COPY .env /app/.env
COPY ci/npmrc /root/.npmrc
COPY --chown=app .aws/ /home/app/.aws/
COPY kubeconfig /root/.kube/config
COPY tls/key.pem /etc/tls/
