FROM alpine:3.20.3
RUN echo "a|b|c" > /etc/fields && sed -i 's|a|x|g' /etc/fields
USER 1000
HEALTHCHECK NONE
CMD ["cat", "/etc/fields"]
