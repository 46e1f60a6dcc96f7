# differs: DL4006 SHELL is inherited by a stage built FROM the stage that set it: Palisade follows it, hadolint resets it at every FROM
FROM debian:bookworm-20241016-slim AS base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]

FROM base AS app
RUN curl -fsSL https://example.com/app.tar.gz | tar xz -C /opt
USER 1000
HEALTHCHECK NONE
CMD ["/opt/app/run"]
