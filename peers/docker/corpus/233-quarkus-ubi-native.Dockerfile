# differs: DL3057 hadolint wants a HEALTHCHECK in every stage; Palisade only in the final stage (with the stages it builds on), the only one that runs as a container
FROM quay.io/quarkus/ubi-quarkus-mandrel-builder-image:jdk-21 AS build
USER root
COPY --chown=quarkus:quarkus . /code
USER quarkus
WORKDIR /code
RUN ./mvnw package -Dnative -DskipTests

FROM quay.io/quarkus/quarkus-micro-image:2.0
WORKDIR /work/
COPY --from=build --chown=1001:root /code/target/*-runner /work/application
RUN chmod 775 /work
EXPOSE 8080
USER 1001
HEALTHCHECK CMD ["/work/application", "--health"]
ENTRYPOINT ["./application", "-Dquarkus.http.host=0.0.0.0"]
