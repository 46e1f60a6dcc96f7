FROM debian:12 AS fetch
RUN curl -fsSLo /tmp/a https://example.com/a

FROM alpine:3.20
RUN wget -q -O /tmp/b https://example.com/b
