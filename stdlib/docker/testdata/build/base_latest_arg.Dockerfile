ARG TAG=latest
FROM alpine:${TAG}
