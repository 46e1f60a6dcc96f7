FROM eclipse-temurin:21.0.4_7-jre-noble
COPY build/libs/app.jar /app/app.jar
USER 1001:0
HEALTHCHECK NONE
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
