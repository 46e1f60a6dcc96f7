# syntax=docker/dockerfile:1
ARG GO_VERSION=1.23
FROM --platform=$BUILDPLATFORM golang:${GO_VERSION}@sha256:0b5a4b4f1a3e0f7f1a4f2c7b2d9e6c5a8d3b1e0f9a7c6b5d4e3f2a1b0c9d8e7f AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot@sha256:7a1e6b3c5d9f0e2a4b6c8d0f1e3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a
LABEL org.opencontainers.image.authors="platform@example.com"
COPY --from=build /out/app /app
USER 65532:65532
EXPOSE 8080
HEALTHCHECK --interval=30s CMD ["/app", "healthcheck"]
ENTRYPOINT ["/app"]
CMD ["serve"]
