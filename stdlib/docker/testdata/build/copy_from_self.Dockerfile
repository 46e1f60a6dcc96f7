FROM alpine:3.20 AS app
COPY --from=app /a /b

FROM alpine:3.20
COPY --from=1 /a /b
COPY --from=App /c /d
