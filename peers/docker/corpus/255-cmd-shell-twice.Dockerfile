FROM ruby:3.3.5-slim-bookworm
WORKDIR /app
COPY . .
CMD bundle exec rake db:migrate
USER 1000
HEALTHCHECK NONE
CMD bundle exec rails server -b 0.0.0.0
