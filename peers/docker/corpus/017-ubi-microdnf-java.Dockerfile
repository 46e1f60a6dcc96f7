FROM registry.access.redhat.com/ubi9/ubi-minimal:9.4
RUN microdnf install -y java-21-openjdk-headless-21.0.5.0.11-1.el9 \
    && microdnf clean all
COPY target/app.jar /deployments/app.jar
USER 185
EXPOSE 8080
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/q/health"]
ENTRYPOINT ["java", "-jar", "/deployments/app.jar"]
