# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM debian:bookworm-20241016-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends build-essential=12.9
COPY . /src
RUN make -C /src

FROM debian:bookworm-20241016-slim
COPY --from=build /src/out /usr/local/bin/
USER 1000
HEALTHCHECK NONE
CMD ["tool"]
