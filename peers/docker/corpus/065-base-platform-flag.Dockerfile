# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM --platform=$BUILDPLATFORM golang:1.23.2-alpine3.20 AS build
ARG TARGETOS TARGETARCH
WORKDIR /src
COPY . .
RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/ctl ./cmd/ctl

FROM --platform=$TARGETPLATFORM alpine
COPY --from=build /out/ctl /usr/bin/ctl
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["ctl"]
