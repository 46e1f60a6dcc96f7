FROM alpine:3.20.3
RUN ["sh", "-c", "echo hello | tee /hello"]
USER 1000
HEALTHCHECK NONE
CMD ["cat", "/hello"]
