FROM golang:1.23 AS build
RUN go build -o /out/app .

FROM alpine:3.20
COPY --from=builder /out/app /app
COPY --from=5 /out/app /app
COPY --from=assets /static /static

FROM nginx:1.27 AS assets
