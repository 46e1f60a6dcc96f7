FROM fedora:41 AS build
RUN dnf install -y rust-1.82.0-1.fc41 cargo-1.82.0-1.fc41 && dnf clean all
WORKDIR /src
COPY . .
RUN cargo build --release
HEALTHCHECK NONE

FROM fedora-minimal:41
RUN microdnf install -y openssl-libs-3.2.2-9.fc41 && microdnf clean all
COPY --from=build /src/target/release/app /usr/bin/app
USER 1000
HEALTHCHECK CMD ["/usr/bin/app", "--ping"]
CMD ["/usr/bin/app"]
