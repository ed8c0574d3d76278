package dev.flightpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.flightpipeline.events.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks docker-compose.yml and the Dockerfile against the code, since this machine has no Docker
 * engine to run them: the images and build contexts exist, each service gets exactly the
 * environment variables its configuration file reads, start order goes by health, and the topics
 * created are the pipeline's.
 */
class ComposeFileTest {

    /** The only images pulled as they are; everything else is built from the repo's Dockerfile. */
    private static final Map<String, String> ALLOWED_IMAGES = Map.of(
            "apache/kafka", "the official Apache Kafka image, which runs in KRaft mode",
            "postgres", "the official PostgreSQL image, the major version the tests' embedded PostgreSQL has");

    /** A pinned version: digits and dots (e.g. 4.2.0, 17), never latest or a moving name. */
    private static final Pattern PINNED_TAG = Pattern.compile("\\d+(\\.\\d+)*");

    /**
     * Environment variables set on purpose beyond the ${...} placeholders of a service's
     * configuration file: Spring's relaxed binding maps each to a property (checked below).
     */
    private static final Map<String, Set<String>> SPRING_ENVIRONMENT =
            Map.of("gateway", Set.of("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI"));

    /** The environment variables a configuration file reads: ${NAME} or ${NAME:default}. */
    private static final Pattern ENV_PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

    /** A topic created by the kafka-topics service: create <topic> <partitions> <k=v,k=v>. */
    private static final Pattern CREATE_TOPIC = Pattern.compile("(?m)^\\s*create\\s+(\\S+)\\s+(\\d+)\\s+(\\S+)\\s*$");

    private static final String PROBE_JAR = "/opt/service/health-probe.jar";
    private static final String SIMULATOR = "duffel-sim";
    private static final String SIMULATOR_PROFILE = "simulator";
    /** Commands run on demand ({@code docker compose run --rm <name>}), not services that run for good. */
    private static final String TOOLS_PROFILE = "tools";

    private static Path root;
    private static Map<String, Map<String, Object>> services;

    @BeforeAll
    static void parseComposeFile() throws IOException {
        root = repositoryRoot();
        Map<String, Object> compose =
                map(new Yaml().load(Files.readString(root.resolve("docker-compose.yml"))), "docker-compose.yml");
        services = new LinkedHashMap<>();
        map(compose.get("services"), "docker-compose.yml: services")
                .forEach((name, service) -> services.put(name, map(service, "service " + name)));
        assertThat(services).as("docker-compose.yml defines no services").isNotEmpty();
    }

    @Test
    void imagesArePinnedOfficialOnesAndEverythingElseIsBuiltFromTheRepo() throws IOException {
        for (var service : services.entrySet()) {
            String name = service.getKey();
            Object image = service.getValue().get("image");
            Object build = service.getValue().get("build");
            assertThat(image == null ^ build == null)
                    .as("service %s: give it either image: (an allowed one) or build: (the repo's Dockerfile)", name)
                    .isTrue();
            if (image != null) {
                String[] nameAndTag = image.toString().split(":", 2);
                assertThat(ALLOWED_IMAGES)
                        .as(
                                "service %s uses image %s; allowed are only %s, or build it from the Dockerfile",
                                name, image, ALLOWED_IMAGES)
                        .containsKey(nameAndTag[0]);
                assertThat(nameAndTag.length == 2
                                && PINNED_TAG.matcher(nameAndTag[1]).matches())
                        .as(
                                "service %s: pin image %s to a version (like %s:17), never latest",
                                name, image, nameAndTag[0])
                        .isTrue();
            } else {
                checkBuild(name, map(build, "service " + name + ": build"));
            }
        }
    }

    private static void checkBuild(String name, Map<String, Object> build) throws IOException {
        Path context = root.resolve(String.valueOf(build.get("context"))).normalize();
        Path dockerfile = context.resolve(String.valueOf(build.getOrDefault("dockerfile", "Dockerfile")));
        assertThat(Files.isRegularFile(dockerfile))
                .as("service %s builds from %s, which does not exist; fix build.context", name, dockerfile)
                .isTrue();
        String module = String.valueOf(
                map(build.get("args"), "service " + name + ": build.args").get("SERVICE"));
        Path pom = root.resolve(module).resolve("pom.xml");
        assertThat(Files.isRegularFile(pom))
                .as("service %s: build arg SERVICE=%s names no Maven module (no %s)", name, module, pom)
                .isTrue();
        String pomText = Files.readString(pom);
        Matcher mainClass = Pattern.compile("<mainClass>([\\w.]+)</mainClass>").matcher(pomText);
        assertThat(mainClass.find())
                .as("module %s has no spring-boot-maven-plugin <mainClass>, so it builds no runnable jar", module)
                .isTrue();
        assertThat(pomText)
                .as(
                        "the Dockerfile copies %s/target/%s-*-exec.jar: give its repackage <classifier>exec",
                        module, module)
                .contains("<classifier>exec</classifier>");
        Path source = root.resolve(module)
                .resolve("src/main/java")
                .resolve(mainClass.group(1).replace('.', '/') + ".java");
        assertThat(Files.isRegularFile(source))
                .as("module %s names main class %s, but %s does not exist", module, mainClass.group(1), source)
                .isTrue();
        assertThat(Files.readString(source))
                .as("%s is neither a Spring Boot application nor a main class", source)
                .containsAnyOf("@SpringBootApplication", "public static void main(");
    }

    @Test
    void eachServiceGetsExactlyTheEnvironmentVariablesItsConfigurationReads() throws IOException {
        Set<String> checked = new TreeSet<>();
        for (var service : services.entrySet()) {
            String module = module(service.getValue());
            if (module == null) {
                continue;
            }
            Set<String> given = environment(service.getKey(), service.getValue());
            Path config = configFile(module);
            if (!Files.exists(config)) {
                assertThat(given)
                        .as(
                                "service %s has no %s; the only variables it reads are SIM_* ones",
                                service.getKey(), config)
                        .allMatch(variable -> variable.startsWith("SIM_"));
                continue;
            }
            Set<String> expected = new TreeSet<>(readVariables(config));
            Set<String> spring = SPRING_ENVIRONMENT.getOrDefault(module, Set.of());
            expected.addAll(spring);
            assertThat(given)
                    .as(
                            "service %s: its environment must set exactly the ${...} variables %s reads (and the Spring"
                                    + " variables SPRING_ENVIRONMENT lists for it: %s); add the missing ones to"
                                    + " docker-compose.yml, remove the others",
                            service.getKey(), root.relativize(config), spring)
                    .containsExactlyInAnyOrderElementsOf(expected);
            checked.add(module);
        }
        assertThat(checked)
                .as("docker-compose.yml should run the gateway, booker and reconciler")
                .containsExactly("booker", "gateway", "reconciler");
    }

    @Test
    void springEnvironmentVariablesNameRealProperties() throws IOException {
        Set<String> properties = knownProperties();
        SPRING_ENVIRONMENT.forEach((module, variables) -> {
            for (String variable : variables) {
                assertThat(propertiesBoundFrom(variable, properties))
                        .as(
                                "%s: Spring's relaxed binding maps %s to no known configuration property;"
                                        + " check the spelling (the property in upper case, . as _, no -)",
                                module, variable)
                        .isNotEmpty();
            }
        });
    }

    @Test
    void servicesStartInOrderOfHealth() {
        Set<String> oneShot = new HashSet<>();
        for (var service : services.entrySet()) {
            for (var dependency :
                    dependencies(service.getKey(), service.getValue()).entrySet()) {
                String target = dependency.getKey();
                assertThat(services)
                        .as(
                                "service %s depends on %s, which docker-compose.yml does not define",
                                service.getKey(), target)
                        .containsKey(target);
                Object condition = dependency.getValue().get("condition");
                assertThat(condition)
                        .as(
                                "service %s depends on %s without a usable condition: give service_healthy"
                                        + " (or service_completed_successfully for a one-shot job)",
                                service.getKey(), target)
                        .isIn("service_healthy", "service_completed_successfully");
                if ("service_completed_successfully".equals(condition)) {
                    oneShot.add(target);
                }
                if (profiles(services.get(target)).size() > 0) {
                    assertThat(dependency.getValue().get("required"))
                            .as(
                                    "service %s depends on %s, which runs only with a profile: mark it"
                                            + " required: false, or the service cannot start without that profile",
                                    service.getKey(), target)
                            .isEqualTo(false);
                }
            }
        }
        for (var service : services.entrySet()) {
            if (oneShot.contains(service.getKey()) || isTool(service.getValue())) {
                continue;
            }
            Object healthcheck = service.getValue().get("healthcheck");
            assertThat(healthcheck != null && map(healthcheck, "healthcheck").get("test") != null)
                    .as("service %s runs for good, so it needs a healthcheck: with a test", service.getKey())
                    .isTrue();
        }
    }

    @Test
    void builtServicesAreCheckedOnTheirOwnPortThroughTheProbeTheImageCarries() throws IOException {
        String dockerfile = Files.readString(root.resolve("Dockerfile"));
        for (var service : services.entrySet()) {
            String module = module(service.getValue());
            if (module == null || isTool(service.getValue())) {
                continue;
            }
            String test = String.join(
                    " ",
                    strings(map(service.getValue().get("healthcheck"), "healthcheck")
                            .get("test")));
            assertThat(test)
                    .as(
                            "service %s: run the health probe the image carries (java -jar %s <url>); a JRE has no curl",
                            service.getKey(), PROBE_JAR)
                    .contains("java -jar " + PROBE_JAR + " http://localhost:");
            assertThat(dockerfile)
                    .as("the Dockerfile must copy the health probe to %s", PROBE_JAR)
                    .contains(PROBE_JAR);
            Path config = configFile(module);
            if (Files.exists(config)) {
                Object port = map(
                                map(new Yaml().load(Files.readString(config)), config.toString())
                                        .get("server"),
                                config + ": server")
                        .get("port");
                assertThat(test)
                        .as(
                                "service %s listens on %s (server.port in %s): its healthcheck must ask that port's"
                                        + " readiness endpoint",
                                service.getKey(), port, config.getFileName())
                        .contains("http://localhost:" + port + "/actuator/health/readiness");
                for (String published : strings(service.getValue().getOrDefault("ports", List.of()))) {
                    assertThat(published)
                            .as("service %s publishes %s, but listens on %s", service.getKey(), published, port)
                            .endsWith(":" + port);
                }
            }
        }
    }

    @Test
    void theSimulatorRunsByDefaultAndIsLeftOutForRealDuffel() throws IOException {
        assertThat(services)
                .as("docker-compose.yml should define the %s service", SIMULATOR)
                .containsKey(SIMULATOR);
        assertThat(profiles(services.get(SIMULATOR)))
                .as(
                        "the simulator should run only with the profile %s, so real Duffel can leave it out",
                        SIMULATOR_PROFILE)
                .containsExactly(SIMULATOR_PROFILE);
        Path dotEnv = root.resolve(".env");
        assertThat(Files.isRegularFile(dotEnv))
                .as("add a .env next to docker-compose.yml with COMPOSE_PROFILES=%s", SIMULATOR_PROFILE)
                .isTrue();
        assertThat(Files.readAllLines(dotEnv))
                .as(".env should turn the simulator on by default, and hold no secrets")
                .contains("COMPOSE_PROFILES=" + SIMULATOR_PROFILE)
                .noneMatch(line -> line.startsWith("DUFFEL_ACCESS_TOKEN") || line.contains("PASSWORD"));

        Matcher port = Pattern.compile("--port=(\\d+)")
                .matcher(String.join(" ", strings(services.get(SIMULATOR).get("command"))));
        assertThat(port.find())
                .as("give the simulator its port explicitly: command --port=<port>")
                .isTrue();
        String simulatorUrl = "http://" + SIMULATOR + ":" + port.group(1);
        for (var service : services.entrySet()) {
            Object environment = service.getValue().get("environment");
            if (environment instanceof Map<?, ?> variables && variables.containsKey("DUFFEL_BASE_URL")) {
                assertThat(String.valueOf(variables.get("DUFFEL_BASE_URL")))
                        .as(
                                "service %s: DUFFEL_BASE_URL should default to the simulator, %s",
                                service.getKey(), simulatorUrl)
                        .contains(":-" + simulatorUrl + "}");
            }
        }
    }

    @Test
    void toolsAreCommandsRunOnDemandAgainstTheComposeKafka() {
        Map<String, Map<String, Object>> tools = new LinkedHashMap<>();
        services.forEach((name, service) -> {
            if (isTool(service)) {
                tools.put(name, service);
            }
        });
        assertThat(tools.keySet())
                .as("the dead-letter replay should be a tool of docker-compose.yml (profile %s)", TOOLS_PROFILE)
                .contains("dlt-replay");
        tools.forEach((name, tool) -> {
            assertThat(profiles(tool))
                    .as("tool %s should run only with the profile %s", name, TOOLS_PROFILE)
                    .containsExactly(TOOLS_PROFILE);
            assertThat(tool)
                    .as("tool %s is run once with docker compose run: no restart, healthcheck or ports", name)
                    .doesNotContainKeys("restart", "healthcheck", "ports");
            List<String> entrypoint = strings(tool.get("entrypoint"));
            assertThat(String.join(" ", entrypoint))
                    .as(
                            "tool %s: its flags go in the entrypoint, so that those given to docker compose run"
                                    + " are added to them rather than replacing them",
                            name)
                    .startsWith("java -jar /opt/service/service.jar")
                    .contains("--bootstrap-servers=kafka:9092");
            assertThat(tool)
                    .as("tool %s: a command would replace the flags given to it", name)
                    .doesNotContainKey("command");
        });
    }

    @Test
    void theTopicsCreatedAreThePipelinesWithExplicitSettings() {
        String script = String.join("\n", strings(services.get("kafka-topics").get("command")));
        Map<String, Integer> partitions = new LinkedHashMap<>();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        Matcher create = CREATE_TOPIC.matcher(script);
        while (create.find()) {
            partitions.put(create.group(1), Integer.parseInt(create.group(2)));
            Map<String, String> topicSettings = new LinkedHashMap<>();
            for (String setting : create.group(3).split(",")) {
                String[] keyValue = setting.split("=", 2);
                topicSettings.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : "");
            }
            settings.put(create.group(1), topicSettings);
        }
        List<String> expected = new ArrayList<>(Topics.ALL);
        expected.add(Topics.OUTBOX_PROGRESS);
        assertThat(partitions.keySet())
                .as("kafka-topics in docker-compose.yml must create exactly Topics.ALL and the outbox progress"
                        + " topic, one line each: create <topic> <partitions> <settings>")
                .containsExactlyInAnyOrderElementsOf(expected);
        partitions.forEach((topic, count) -> assertThat(count)
                .as("topic %s needs at least one partition", topic)
                .isPositive());
        assertThat(script)
                .as("kafka-topics must give every topic an explicit replication factor")
                .contains("--replication-factor");
        settings.forEach((topic, topicSettings) -> assertThat(topicSettings)
                .as("topic %s: set min.insync.replicas explicitly", topic)
                .containsKey("min.insync.replicas"));
        assertThat(settings.get(Topics.OUTBOX_PROGRESS))
                .as("the outbox progress topic must be compacted (its latest position per relay is all that counts)")
                .containsEntry("cleanup.policy", "compact");
        assertThat(partitions.get(Topics.OUTBOX_PROGRESS))
                .as("the outbox progress topic has one partition, as the relay creates it")
                .isEqualTo(1);
        assertThat(settings.get(Topics.BOOKING_REQUESTS_DLT))
                .as("the dead-letter topic needs an explicit retention.ms: how long operators have to replay it")
                .containsKey("retention.ms");
        assertThat(settings.get(Topics.BOOKING_REQUESTS_PARKED))
                .as("the parked topic needs an explicit retention.ms: how long operators have to look at it")
                .containsKey("retention.ms");
    }

    @Test
    void theDockerfileBuildsInOneStageAndRunsOnAJreAsNonRoot() throws IOException {
        List<String> lines = Files.readAllLines(root.resolve("Dockerfile")).stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
        List<String> froms = lines.stream()
                .filter(line -> line.toUpperCase().startsWith("FROM "))
                .toList();
        assertThat(froms)
                .as("the Dockerfile should be multi-stage: a build stage and a runtime stage")
                .hasSizeGreaterThanOrEqualTo(2);
        assertThat(froms.getFirst())
                .as("the first stage should build: FROM <a JDK and Maven image> AS build")
                .containsIgnoringCase(" AS build");
        String runtime = froms.getLast();
        assertThat(runtime.split("\\s+")[1])
                .as("the last stage should run on a JRE image (like eclipse-temurin:21-jre), not %s", runtime)
                .contains("-jre")
                .doesNotContain("latest");
        List<String> runtimeLines = lines.subList(lines.indexOf(runtime), lines.size());
        List<String> users = runtimeLines.stream()
                .filter(line -> line.toUpperCase().startsWith("USER "))
                .map(line -> line.substring(5).strip())
                .toList();
        assertThat(users)
                .as("the runtime stage should switch to a non-root USER")
                .isNotEmpty();
        assertThat(users.getLast()).as("the runtime stage must not run as root").isNotIn("root", "0", "0:0");
        assertThat(runtimeLines)
                .as("the runtime stage should copy the jar from the build stage, not build it")
                .anyMatch(line -> line.startsWith("COPY --from=build"))
                .noneMatch(line -> line.contains("mvn "));
        assertThat(lines)
                .as("the Dockerfile should take the module to build as ARG SERVICE")
                .contains("ARG SERVICE");
    }

    private static boolean isTool(Map<String, Object> service) {
        return profiles(service).contains(TOOLS_PROFILE);
    }

    private static String module(Map<String, Object> service) {
        Object build = service.get("build");
        if (build == null) {
            return null;
        }
        Object args = map(build, "build").get("args");
        return args == null ? null : String.valueOf(map(args, "build.args").get("SERVICE"));
    }

    private static Path configFile(String module) {
        return root.resolve(module).resolve("src/main/resources").resolve(module + ".yml");
    }

    private static Set<String> readVariables(Path config) throws IOException {
        Set<String> variables = new TreeSet<>();
        Matcher placeholder = ENV_PLACEHOLDER.matcher(Files.readString(config));
        while (placeholder.find()) {
            variables.add(placeholder.group(1));
        }
        return variables;
    }

    private static Set<String> environment(String name, Map<String, Object> service) {
        Object environment = service.get("environment");
        if (environment == null) {
            return Set.of();
        }
        if (!(environment instanceof Map<?, ?> variables)) {
            return fail("service %s: write its environment as a map (NAME: value), so it can be checked", name);
        }
        Set<String> names = new TreeSet<>();
        variables.keySet().forEach(key -> names.add(String.valueOf(key)));
        return names;
    }

    private static Map<String, Map<String, Object>> dependencies(String name, Map<String, Object> service) {
        Object dependsOn = service.get("depends_on");
        if (dependsOn == null) {
            return Map.of();
        }
        if (!(dependsOn instanceof Map<?, ?>)) {
            return fail(
                    "service %s: write depends_on as a map with a condition for each service (not a list),"
                            + " so it starts when they are healthy",
                    name);
        }
        Map<String, Map<String, Object>> dependencies = new LinkedHashMap<>();
        map(dependsOn, name + ": depends_on")
                .forEach((target, spec) ->
                        dependencies.put(target, map(spec, "service " + name + ": depends_on " + target)));
        return dependencies;
    }

    private static List<String> profiles(Map<String, Object> service) {
        return strings(service.getOrDefault("profiles", List.of()));
    }

    /** The names of the configuration properties on the classpath (their Spring metadata). */
    private static Set<String> knownProperties() throws IOException {
        Set<String> properties = new TreeSet<>();
        JsonMapper json = JsonMapper.builder().build();
        for (URL metadata : Collections.list(
                ComposeFileTest.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))) {
            try (InputStream in = metadata.openStream()) {
                for (JsonNode property : json.readTree(in).path("properties")) {
                    properties.add(property.path("name").asString());
                }
            }
        }
        assertThat(properties)
                .as("no Spring configuration metadata on the test classpath")
                .isNotEmpty();
        return properties;
    }

    /** The properties an environment variable sets, by Spring's own relaxed binding. */
    private static List<String> propertiesBoundFrom(String variable, Set<String> properties) {
        ConfigurationPropertySource environment = ConfigurationPropertySource.from(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(variable, "set")));
        return properties.stream()
                .filter(ConfigurationPropertyName::isValid)
                .filter(name -> environment.getConfigurationProperty(ConfigurationPropertyName.of(name)) != null)
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            return fail("%s should be a YAML map, but is %s", what, value);
        }
        return (Map<String, Object>) value;
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docker-compose.yml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        return fail("no docker-compose.yml found in %s or above", Path.of("").toAbsolutePath());
    }
}
