FROM ruby:3.3.5-slim-bookworm
RUN apt-get update -qq && apt-get install --no-install-recommends -y build-essential=12.9 libpq-dev=15.8-0+deb12u1 \
    && rm -rf /var/lib/apt/lists /var/cache/apt/archives
WORKDIR /rails
COPY Gemfile Gemfile.lock ./
RUN bundle install
COPY . .
RUN useradd rails --create-home --shell /bin/bash
USER rails:rails
EXPOSE 3000
HEALTHCHECK CMD ["curl", "-f", "http://localhost:3000/up"]
CMD ["./bin/rails", "server"]
