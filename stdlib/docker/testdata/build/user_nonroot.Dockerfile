FROM alpine:3.20
USER root
RUN apk add --no-cache curl
USER 1000:0
