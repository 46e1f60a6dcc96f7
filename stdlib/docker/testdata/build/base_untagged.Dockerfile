FROM ubuntu AS build
FROM localhost:5000/app
FROM build
