FROM debian:12
RUN curl -fsSLo /tmp/a https://example.com/a
RUN wget -q -O /tmp/b https://example.com/b
