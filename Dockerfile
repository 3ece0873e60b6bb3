# roundhouse as a container: the shaded jar from `make build` (target/roundhouse.jar) on a Java 25 JRE.
FROM eclipse-temurin:25-jre
WORKDIR /app
COPY target/roundhouse.jar /app/roundhouse.jar
EXPOSE 8000
ENV ROUNDHOUSE_PORT=8000
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-jar", "/app/roundhouse.jar"]
