FROM alpine:3.20.3
RUN apk upgrade --no-cache
USER 1000
HEALTHCHECK NONE
CMD ["sh"]
