# differs: DL3002 the final stage sets no USER, so it runs as the base image's user (root for most images): Palisade reports it, hadolint reports only an explicit root USER
# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM golang:alpine AS build
RUN apk add git make
WORKDIR /go/src/github.com/example/svc
COPY . .
RUN make build

FROM alpine
RUN apk update && apk add ca-certificates
COPY --from=build /go/src/github.com/example/svc/bin/svc /usr/bin/svc
EXPOSE 8080
ENTRYPOINT /usr/bin/svc
