FROM golang:1.23 AS build-go
FROM node:22 AS build-web
FROM alpine:3.20
FROM alpine:3.20
