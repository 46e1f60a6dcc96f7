# differs: DL3008 the package list is a shell variable, unknown until build time: Palisade does not judge it, hadolint reports it as unpinned
FROM debian:bookworm-20241016-slim
ARG PACKAGES="curl=7.88.1-10+deb12u7 git=1:2.39.5-0+deb12u1"
RUN apt-get update \
 && apt-get install -y --no-install-recommends ${PACKAGES} \
 && rm -rf /var/lib/apt/lists/*
USER 1000
HEALTHCHECK NONE
CMD ["git", "--version"]
