FROM golang:1.23.2-bookworm
COPY . /src
RUN make -C /src build && git -C /src rev-parse HEAD > /VERSION
WORKDIR /src
RUN go build -o /bin/app .
USER 1000
HEALTHCHECK NONE
CMD ["/bin/app"]
