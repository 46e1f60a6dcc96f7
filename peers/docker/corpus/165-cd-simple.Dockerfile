FROM golang:1.23.2-bookworm
COPY . /go/src/app
RUN cd /go/src/app && go build -o /bin/app .
USER 1000
HEALTHCHECK NONE
CMD ["/bin/app"]
