FROM alpine:3.19.4
RUN apk add git=2.43.5-r0 openssh-client=9.6_p1-r1 && apk cache clean
USER 1000
HEALTHCHECK NONE
CMD ["git", "--version"]
