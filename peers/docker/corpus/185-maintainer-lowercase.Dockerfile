from node:22.9.0-alpine3.20
maintainer ops@example.com
workdir /app
copy . .
user node
healthcheck NONE
cmd ["node", "index.js"]
