# differs: DL3007 Palisade substitutes the ARG default in FROM and judges the image it names; hadolint does not look through variables
ARG TAG=latest
FROM alpine:${TAG}
RUN apk add --no-cache tini=0.19.0-r3
COPY bin/worker /usr/bin/worker
USER 405
ENTRYPOINT ["/sbin/tini", "--", "/usr/bin/worker"]
