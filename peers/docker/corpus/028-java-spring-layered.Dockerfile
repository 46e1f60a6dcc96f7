# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM eclipse-temurin:21-jdk-alpine AS extract
WORKDIR /builder
ARG JAR_FILE=target/*.jar
COPY ${JAR_FILE} application.jar
RUN java -Djarmode=tools -jar application.jar extract --layers --launcher --destination extracted

FROM eclipse-temurin:21-jre-alpine
WORKDIR /application
COPY --from=extract /builder/extracted/dependencies/ ./
COPY --from=extract /builder/extracted/spring-boot-loader/ ./
COPY --from=extract /builder/extracted/snapshot-dependencies/ ./
COPY --from=extract /builder/extracted/application/ ./
RUN addgroup -S spring && adduser -S spring -G spring
USER spring
HEALTHCHECK CMD ["wget", "-qO-", "http://localhost:8080/actuator/health/liveness"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
