from ruby:3.3.5-alpine3.20
workdir /app
copy . .
user 1000
healthcheck NONE
cmd bundle exec puma -C config/puma.rb
