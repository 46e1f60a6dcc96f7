FROM alpine:3.20 AS build
CMD ["make"]

FROM alpine:3.20
ENTRYPOINT ["/entrypoint.sh"]
CMD ["serve"]
CMD ["serve", "--debug"]
ENTRYPOINT ["/app"]
CMD ["run"]
