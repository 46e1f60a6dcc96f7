# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
from golang:1.23.2-bookworm as build
workdir src
copy . .
run go build -o /app .
from gcr.io/distroless/static-debian12:nonroot
copy --from=build /app /app
user nonroot
healthcheck NONE
entrypoint ["/app"]
