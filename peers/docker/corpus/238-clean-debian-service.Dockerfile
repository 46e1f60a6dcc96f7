FROM debian:bookworm-20241016-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates=20230311 curl=7.88.1-10+deb12u7 \
 && curl -fsSL https://example.com/releases/v2.3.1/svc.tar.gz | tar -xz -C /usr/local/bin \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd -r svc && useradd -r -g svc svc
USER svc
EXPOSE 9090
HEALTHCHECK --interval=15s CMD ["curl", "-fs", "http://127.0.0.1:9090/-/healthy"]
ENTRYPOINT ["/usr/local/bin/svc"]
CMD ["--config", "/etc/svc/config.yml"]
