# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
FROM nginx:1.27.2
RUN apt-get update && apt-get install -y --no-install-recommends openssl && rm -rf /var/lib/apt/lists/*
COPY conf.d/ /etc/nginx/conf.d/
COPY certs/ /etc/nginx/certs/
EXPOSE 80 443
HEALTHCHECK CMD ["curl", "-fk", "https://localhost/healthz"]
STOPSIGNAL SIGQUIT
CMD ["nginx", "-g", "daemon off;"]
