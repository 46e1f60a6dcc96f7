FROM eclipse-temurin:21.0.4_7-jre-alpine
COPY app.jar /app.jar
USER 1000
HEALTHCHECK NONE
ENTRYPOINT exec java $JAVA_OPTS -jar /app.jar
