FROM golang:1.23.2-alpine3.20
WORKDIR /src
COPY . .
RUN go build -o /bin/echo-server .
EXPOSE 65536/tcp
USER 1000
HEALTHCHECK NONE
CMD ["/bin/echo-server"]
