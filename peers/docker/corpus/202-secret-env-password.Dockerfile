FROM postgres:16.4-bookworm
ENV POSTGRES_PASSWORD=supersecret
ENV DB_PASSWORD_FILE=/run/secrets/db_password
USER postgres
HEALTHCHECK CMD ["pg_isready", "-U", "postgres"]
