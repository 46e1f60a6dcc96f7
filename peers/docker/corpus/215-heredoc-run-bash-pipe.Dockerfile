# syntax=docker/dockerfile:1
# differs: DL4006 the RUN sets -o pipefail itself before the pipe: Palisade accepts it, hadolint only looks at SHELL
FROM debian:bookworm-20241016-slim
RUN <<EOF bash
set -euo pipefail
curl -fsSL https://example.com/releases.json | jq -r '.[0].url' > /tmp/url
EOF

USER 1000
HEALTHCHECK NONE
CMD ["bash"]
