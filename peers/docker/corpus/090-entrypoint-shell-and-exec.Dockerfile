FROM openjdk:21-jdk-slim-bookworm
COPY app.jar /app.jar
ENTRYPOINT java -jar /app.jar
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["java", "-jar", "/app.jar"]
