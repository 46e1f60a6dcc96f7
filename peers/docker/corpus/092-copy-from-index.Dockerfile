# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:1.23.2-alpine3.20
WORKDIR /src
COPY . .
RUN go build -o /bin/svc .

FROM alpine:3.20.3
COPY --from=0 /bin/svc /bin/svc
USER 1000
HEALTHCHECK NONE
CMD ["/bin/svc"]
