# differs: DL3023 COPY --from=0 in stage 0 names its own stage: Palisade reports it, hadolint ignores numeric --from values
FROM alpine:3.20.3
COPY --from=0 /etc/passwd /tmp/passwd
USER 1000
HEALTHCHECK NONE
CMD ["sh"]
