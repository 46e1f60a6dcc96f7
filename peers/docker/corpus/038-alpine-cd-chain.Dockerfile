FROM alpine:3.19.4
RUN apk add --no-cache build-base=0.5-r3 git=2.43.5-r0
RUN git clone https://github.com/example/tool.git /tmp/tool \
    && cd /tmp/tool \
    && make install \
    && cd / && rm -rf /tmp/tool
USER 65534
CMD ["tool"]
