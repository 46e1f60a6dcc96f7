FROM debian:12
RUN curl -fsSL https://get.example.com/install.sh | sh
RUN apt-get install -y --no-install-recommends ca-certificates=20230311 \
 && wget -qO- https://example.com/setup.sh | sudo -E bash -
RUN sh -c "$(curl -fsSL https://example.com/install.sh)"
