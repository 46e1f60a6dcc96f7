# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23.2-bookworm AS build
USER 1000
WORKDIR /tmp/src
COPY . .
RUN go build -o /tmp/bin/app .

FROM debian:bookworm-20241016-slim
COPY --from=build /tmp/bin/app /usr/bin/app
RUN useradd app
USER app
RUN app --selftest
USER root
HEALTHCHECK NONE
CMD ["app"]
