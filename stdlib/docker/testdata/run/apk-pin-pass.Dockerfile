FROM alpine:3.20
RUN apk add --no-cache curl=8.9.0-r0 'git~2.45' ./vendor/tool-1.0-r0.apk $EXTRA_PACKAGES
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20240309-r0
