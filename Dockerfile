# One image for every chipwatch component; docker-compose.yml picks the command
# (ingest, enrich, alerts) per service. Build context: the repository root.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -q -DskipTests -pl app -am install

FROM eclipse-temurin:17-jre
WORKDIR /opt/chipwatch
COPY --from=build /src/app/target/chipwatch.jar /opt/chipwatch/chipwatch.jar
COPY seeds /opt/chipwatch/seeds
RUN useradd --system --home /var/lib/chipwatch chipwatch && mkdir -p /var/lib/chipwatch && chown chipwatch /var/lib/chipwatch
USER chipwatch
ENV CHIPWATCH_DATA_DIR=/var/lib/chipwatch
ENTRYPOINT ["java", "-Xmx512m", "-Dchipwatch.home=/opt/chipwatch", "-jar", "/opt/chipwatch/chipwatch.jar"]
CMD ["--help"]
