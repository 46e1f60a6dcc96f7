# syntax=docker/dockerfile:1
# differs: DL1000 hadolint 2.15.1 cannot parse a tab-stripped here-document (<<-EOF), nor one followed directly by the next instruction
FROM alpine:3.20.3
RUN <<-EOF
	apk add --no-cache curl
	cd /tmp
	EOF
USER 1000
HEALTHCHECK NONE
CMD ["sh"]
