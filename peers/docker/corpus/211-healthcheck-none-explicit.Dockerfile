FROM postgres:16.4-alpine3.20
HEALTHCHECK NONE
USER postgres
CMD ["postgres"]
