# differs: DL3019 Palisade accepts removing /var/cache/apk later in the same RUN; hadolint accepts only --no-cache or a cache mount
FROM alpine:3.19.4
RUN apk update \
    && apk add openssl=3.1.7-r1 \
    && rm -rf /var/cache/apk/*
USER 1000
HEALTHCHECK NONE
CMD ["openssl", "version"]
