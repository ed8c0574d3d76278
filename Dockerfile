# One image per service, built from the same file: docker build --build-arg SERVICE=gateway .
# SERVICE is one of gateway, booker, reconciler, duffel-sim, dlt-replay. The build stage downloads the Maven
# dependencies, so it needs network access to Maven Central.
FROM maven:3.9-eclipse-temurin-21 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "${SERVICE}" || { echo "build with --build-arg SERVICE=gateway|booker|reconciler|duffel-sim|dlt-replay" >&2; exit 1; }
RUN mvn -B -q -pl "${SERVICE},health-probe" -am package -Dmaven.test.skip=true -Dspotless.check.skip=true \
 && cp "${SERVICE}"/target/"${SERVICE}"-*-exec.jar /service.jar \
 && cp health-probe/target/health-probe-*.jar /health-probe.jar

# A JRE is all that runs here: no JDK, no Maven, no sources.
FROM eclipse-temurin:21-jre
RUN useradd --system --uid 10001 --no-create-home --shell /usr/sbin/nologin service
COPY --from=build /service.jar /opt/service/service.jar
# The container health check (docker-compose.yml): java -jar health-probe.jar <url>, since the
# JRE image has no curl to count on.
COPY --from=build /health-probe.jar /opt/service/health-probe.jar
USER 10001
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/service/service.jar"]
