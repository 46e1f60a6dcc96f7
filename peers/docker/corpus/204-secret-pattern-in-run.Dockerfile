FROM alpine:3.20.3
RUN echo "ghp_1234567890abcdefghijklmnopqrstuvwxyzAB" > /root/.gh-token
LABEL build.key="AKIAIOSFODNN7EXAMPLE"
USER 1000
HEALTHCHECK NONE
CMD ["sh"]
