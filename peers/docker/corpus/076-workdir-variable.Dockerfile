FROM eclipse-temurin:21.0.4_7-jdk-jammy
ENV APP_HOME=/opt/app
WORKDIR $APP_HOME
WORKDIR ${APP_HOME}/lib
COPY lib/ .
USER 1000
HEALTHCHECK NONE
CMD ["java", "-cp", "*", "Main"]
