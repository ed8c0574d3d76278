# One image per service, built from the same file: docker build --build-arg SERVICE=gateway .
# SERVICE is one of gateway, booker, reconciler, duffel-sim.
FROM maven:3.9-eclipse-temurin-21 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN mvn -B -q -pl "${SERVICE}" -am package -Dmaven.test.skip=true -Dspotless.check.skip=true \
 && cp "${SERVICE}"/target/"${SERVICE}"-*-exec.jar /service.jar

FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home service
COPY --from=build /service.jar /opt/service/service.jar
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/service/service.jar"]
