# differs: DL4001 Palisade reports the first use of the second tool; hadolint reports every RUN using either tool from then on
FROM ubuntu:24.04
RUN curl -fsSL https://example.com/a.sh -o /tmp/a.sh \
    && wget -q https://example.com/b.sh -O /tmp/b.sh \
    && chmod +x /tmp/a.sh /tmp/b.sh
RUN curl -fsSL https://example.com/c.sh -o /tmp/c.sh
USER 1000
HEALTHCHECK NONE
CMD ["bash"]
