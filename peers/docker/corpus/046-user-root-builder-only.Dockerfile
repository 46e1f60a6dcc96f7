# differs: DL3002 hadolint reports a root USER at the end of any stage; Palisade only the user of the final stage, the one the image runs as
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23.2-bookworm AS build
USER root
WORKDIR /src
COPY . .
RUN go build -o /bin/app .

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=build /bin/app /app
USER nonroot:nonroot
HEALTHCHECK NONE
ENTRYPOINT ["/app"]
