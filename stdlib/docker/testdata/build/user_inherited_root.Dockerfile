FROM alpine:3.20 AS base
USER 10001

FROM base AS tools
USER root
RUN apk add --no-cache curl

FROM tools
CMD ["curl", "--version"]
