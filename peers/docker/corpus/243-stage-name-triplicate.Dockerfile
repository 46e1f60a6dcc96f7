# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM alpine:3.20.3 AS step
RUN echo one > /one

FROM alpine:3.20.3 AS step
RUN echo two > /two

FROM alpine:3.20.3 AS step
COPY --from=0 /one /one
USER 1000
HEALTHCHECK NONE
CMD ["cat", "/one"]
