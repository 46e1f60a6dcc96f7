# differs: DL3006 stage names are case-insensitive in Docker: Palisade matches them so, hadolint compares them case-sensitively
# differs: DL3022 stage names are case-insensitive in Docker: Palisade matches them so, hadolint compares them case-sensitively
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23.2 AS Builder
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM builder AS test
RUN go test ./...

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
USER nonroot
HEALTHCHECK NONE
ENTRYPOINT ["/app"]
