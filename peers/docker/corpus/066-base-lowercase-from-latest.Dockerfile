from redis:latest
copy redis.conf /usr/local/etc/redis/redis.conf
user redis
healthcheck CMD ["redis-cli", "ping"]
cmd ["redis-server", "/usr/local/etc/redis/redis.conf"]
