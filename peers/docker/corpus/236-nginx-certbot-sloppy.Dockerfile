# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
# differs: DL3008 Palisade judges apt install like apt-get install (pins, recommends); hadolint only tells to use apt-get instead
# differs: DL3015 Palisade judges apt install like apt-get install (pins, recommends); hadolint only tells to use apt-get instead
FROM nginx:1.27
RUN apt update && apt install -y certbot python3-certbot-nginx cron
RUN service cron start
COPY renew.sh /etc/cron.daily/renew
RUN chmod 777 /etc/cron.daily/renew
EXPOSE 80 443
CMD nginx -g "daemon off;"
