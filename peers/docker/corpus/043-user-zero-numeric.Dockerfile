FROM alpine:3.20.3
RUN apk add --no-cache iptables=1.8.10-r3
USER 0
HEALTHCHECK NONE
ENTRYPOINT ["/sbin/iptables"]
