# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM maven:3.9.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q package

FROM eclipse-temurin:21.0.4_7-jre-jammy AS runtime
COPY --from=build /src/target/app.jar /app.jar
USER 1000
HEALTHCHECK NONE
ENTRYPOINT ["java", "-jar", "/app.jar"]
