# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23.2-bookworm AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM debian:bookworm-20241016-slim AS release
COPY --from=build /out/app /usr/bin/app
COPY --from=release /usr/bin/app /usr/bin/app-copy
USER 1000
HEALTHCHECK NONE
CMD ["app"]
