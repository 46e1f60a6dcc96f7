# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23-alpine3.20 AS builder
RUN apk add --no-cache git=2.45.2-r0 ca-certificates=20240705-r0
WORKDIR /go/src/app
COPY . .
RUN go build -o /bin/tool .

FROM scratch
COPY --from=builder /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=builder /bin/tool /tool
USER 10001
ENTRYPOINT ["/tool"]
