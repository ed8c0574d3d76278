package dev.flightpipeline.testsupport;

import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real Kafka broker and a real PostgreSQL for integration tests, each started at most once per
 * test JVM, on first use, and stopped when the JVM ends. Where they come from, for each:
 * {@code PIPELINE_TEST_KAFKA_BOOTSTRAP_SERVERS} / {@code PIPELINE_TEST_POSTGRES_URL} (with
 * {@code _USER}, {@code _PASSWORD}) name external ones; otherwise Testcontainers when a Docker
 * engine is reachable; otherwise embedded ones. {@code PIPELINE_TEST_INFRA} forces a choice.
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    static final String KAFKA_IMAGE = "apache/kafka:4.2.0";
    static final String POSTGRES_IMAGE = "postgres:17";

    private static KafkaEndpoint kafka;
    private static PostgresEndpoint postgres;
    private static Boolean dockerAvailable;

    private TestInfrastructure() {}

    public static synchronized KafkaEndpoint kafka() {
        if (kafka == null) {
            Map<String, String> env = System.getenv();
            String external = env.get("PIPELINE_TEST_KAFKA_BOOTSTRAP_SERVERS");
            InfrastructureSource source = InfrastructureSource.choose(
                    env.get(InfrastructureSource.FORCE_VARIABLE), isSet(external), TestInfrastructure::dockerAvailable);
            kafka = switch (source) {
                case EXTERNAL -> new KafkaEndpoint(external);
                case TESTCONTAINERS -> {
                    KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                    container.start();
                    stopAtExit(container::stop);
                    yield new KafkaEndpoint(container.getBootstrapServers());
                }
                case EMBEDDED -> {
                    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
                    stopAtExit(broker::close);
                    yield new KafkaEndpoint(broker.bootstrapServers());
                }
            };
            log.info("Tests use the {} Kafka broker at {}", describe(source), kafka.bootstrapServers());
        }
        return kafka;
    }

    public static synchronized PostgresEndpoint postgres() {
        if (postgres == null) {
            Map<String, String> env = System.getenv();
            String external = env.get("PIPELINE_TEST_POSTGRES_URL");
            InfrastructureSource source = InfrastructureSource.choose(
                    env.get(InfrastructureSource.FORCE_VARIABLE), isSet(external), TestInfrastructure::dockerAvailable);
            postgres = switch (source) {
                case EXTERNAL ->
                    new PostgresEndpoint(
                            external,
                            env.getOrDefault("PIPELINE_TEST_POSTGRES_USER", "postgres"),
                            env.getOrDefault("PIPELINE_TEST_POSTGRES_PASSWORD", ""));
                case TESTCONTAINERS -> {
                    PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
                    container.start();
                    stopAtExit(container::stop);
                    yield new PostgresEndpoint(
                            container.getJdbcUrl(), container.getUsername(), container.getPassword());
                }
                case EMBEDDED -> {
                    EmbeddedPostgresServer server =
                            EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary());
                    stopAtExit(server::close);
                    yield new PostgresEndpoint(server.jdbcUrl("postgres"), server.username(), server.password());
                }
            };
            log.info("Tests use the {} PostgreSQL at {}", describe(source), postgres.jdbcUrl());
        }
        return postgres;
    }

    private static boolean dockerAvailable() {
        if (dockerAvailable == null) {
            try {
                dockerAvailable =
                        dockerEngineMayExist() && DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException e) {
                dockerAvailable = false;
            }
        }
        return dockerAvailable;
    }

    /** Testcontainers logs errors while it looks for an engine: ask it only where one may be. */
    private static boolean dockerEngineMayExist() {
        String home = System.getProperty("user.home");
        return System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
    }

    private static String describe(InfrastructureSource source) {
        return switch (source) {
            case EXTERNAL -> "external (named by the environment)";
            case TESTCONTAINERS -> "Testcontainers (a Docker engine is reachable)";
            case EMBEDDED -> "embedded (no external one named, no Docker engine)";
        };
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static void stopAtExit(Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(stop, "test-infrastructure-stop"));
    }
}
