from alpine:latest as base
maintainer Jane Doe <jane@example.com>
expose 22
user root
cmd echo hello
