# syntax=docker/dockerfile:1
FROM alpine:3.20.3
ADD --keep-git-dir=false https://github.com/moby/buildkit.git#v0.16.0 /src
WORKDIR /src
USER 1000
HEALTHCHECK NONE
CMD ["ls"]
