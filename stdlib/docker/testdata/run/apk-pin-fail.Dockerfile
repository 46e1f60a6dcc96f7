FROM alpine:3.20
RUN apk add --no-cache curl git=2.45.2-r0
RUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.5-r0
