from alpine:3.20
run apk add --no-cache strace=6.9-r0
user root
healthcheck NONE
cmd ["strace", "-V"]
