# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM alpine:3.20.3 AS tools
RUN apk add --no-cache jq=1.7.1-r0

FROM alpine:3.20.3 AS final
COPY --from=tools /usr/bin/jq /usr/bin/jq
COPY --from=final /etc/os-release /etc/os-release.bak
USER 1000
HEALTHCHECK NONE
CMD ["jq", "--version"]
