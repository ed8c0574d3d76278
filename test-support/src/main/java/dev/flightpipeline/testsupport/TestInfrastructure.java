package dev.flightpipeline.testsupport;

import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import dev.flightpipeline.testsupport.InfrastructureSource.Choice;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real infrastructure for integration tests: a Kafka broker and a PostgreSQL server, each started
 * at most once per test JVM, on first use, shared by every test in it, and stopped when the JVM
 * ends.
 *
 * <p>Where each comes from (chosen separately, and logged in one line with the reason):
 * <ul>
 *   <li>{@code PIPELINE_TEST_KAFKA_BOOTSTRAP_SERVERS} / {@code PIPELINE_TEST_POSTGRES_URL} (with
 *       {@code PIPELINE_TEST_POSTGRES_USER}, {@code PIPELINE_TEST_POSTGRES_PASSWORD}) name external
 *       servers;
 *   <li>otherwise Testcontainers, when a Docker engine is reachable;
 *   <li>otherwise embedded servers ({@link EmbeddedKafkaBroker}, {@link EmbeddedPostgresServer}).
 * </ul>
 * {@code PIPELINE_TEST_INFRA} = {@code external}, {@code testcontainers} or {@code embedded}
 * forces one choice for both ({@code auto}, the default, is the order above).
 */
public final class TestInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(TestInfrastructure.class);
    static final String KAFKA_VARIABLE = "PIPELINE_TEST_KAFKA_BOOTSTRAP_SERVERS";
    static final String POSTGRES_VARIABLE = "PIPELINE_TEST_POSTGRES_URL";
    static final String KAFKA_IMAGE = "apache/kafka:4.2.0";
    static final String POSTGRES_IMAGE = "postgres:17";
    /** The thread of Spring Boot's shutdown hook, which closes the application contexts at exit. */
    private static final String SPRING_BOOT_SHUTDOWN_HOOK = "SpringApplicationShutdownHook";
    /** How long a stopping server looks for that hook's thread among the other hooks' starting. */
    private static final Duration HOOK_START = Duration.ofMillis(200);
    /** How long it waits for the contexts to close (Surefire kills the test JVM at 10 s). */
    private static final Duration CONTEXTS_CLOSE = Duration.ofSeconds(7);

    // Separate locks: a test thread starting one must not wait for the other to start.
    private static final Object kafkaLock = new Object();
    private static final Object postgresLock = new Object();
    private static volatile KafkaEndpoint kafka;
    private static volatile PostgresEndpoint postgres;

    private TestInfrastructure() {}

    /** The shared Kafka broker, started on first use. Topics are never created implicitly. */
    public static KafkaEndpoint kafka() {
        KafkaEndpoint endpoint = kafka;
        if (endpoint == null) {
            synchronized (kafkaLock) {
                if (kafka == null) {
                    kafka = startKafka(System.getenv());
                }
                endpoint = kafka;
            }
        }
        return endpoint;
    }

    /**
     * The shared PostgreSQL server's maintenance database, started on first use. Tests should
     * work in a database of their own: {@link PostgresEndpoint#newDatabase}.
     */
    public static PostgresEndpoint postgres() {
        PostgresEndpoint endpoint = postgres;
        if (endpoint == null) {
            synchronized (postgresLock) {
                if (postgres == null) {
                    postgres = startPostgres(System.getenv());
                }
                endpoint = postgres;
            }
        }
        return endpoint;
    }

    private static KafkaEndpoint startKafka(Map<String, String> env) {
        String external = env.get(KAFKA_VARIABLE);
        Choice choice = InfrastructureSource.choose(
                env.get(InfrastructureSource.FORCE_VARIABLE),
                KAFKA_VARIABLE,
                isSet(external),
                DockerEngine::isReachable);
        KafkaEndpoint endpoint = switch (choice.source()) {
            case EXTERNAL -> new KafkaEndpoint(external.trim());
            case TESTCONTAINERS -> {
                KafkaContainer container = new KafkaContainer(KAFKA_IMAGE);
                container.start();
                stopAtExit("kafka-container-stop", container::stop);
                yield new KafkaEndpoint(container.getBootstrapServers());
            }
            case EMBEDDED -> {
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary());
                stopAtExit("embedded-kafka-stop", broker::close);
                yield new KafkaEndpoint(broker.bootstrapServers());
            }
        };
        log.info(
                "Tests use the {} Kafka broker at {} ({})",
                name(choice.source()),
                endpoint.bootstrapServers(),
                choice.reason());
        return endpoint;
    }

    private static PostgresEndpoint startPostgres(Map<String, String> env) {
        String external = env.get(POSTGRES_VARIABLE);
        Choice choice = InfrastructureSource.choose(
                env.get(InfrastructureSource.FORCE_VARIABLE),
                POSTGRES_VARIABLE,
                isSet(external),
                DockerEngine::isReachable);
        PostgresEndpoint endpoint = switch (choice.source()) {
            case EXTERNAL ->
                new PostgresEndpoint(
                        external.trim(),
                        env.getOrDefault("PIPELINE_TEST_POSTGRES_USER", "postgres"),
                        env.getOrDefault("PIPELINE_TEST_POSTGRES_PASSWORD", ""));
            case TESTCONTAINERS -> {
                PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE)
                        .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=300");
                container.start();
                stopAtExit("postgres-container-stop", container::stop);
                yield new PostgresEndpoint(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            }
            case EMBEDDED -> {
                // Not stopped by its own hook, which would run alongside the contexts still using it.
                EmbeddedPostgresServer server = EmbeddedPostgresServer.start(
                        EmbeddedPostgresServer.Settings.temporary().stoppedByItsOwner());
                stopAtExit("embedded-postgres-stop", server::close);
                yield new PostgresEndpoint(server.jdbcUrl("postgres"), server.username(), server.password());
            }
        };
        log.info("Tests use the {} PostgreSQL at {} ({})", name(choice.source()), endpoint.describe(), choice.reason());
        return endpoint;
    }

    private static String name(InfrastructureSource source) {
        return switch (source) {
            case EXTERNAL -> "external";
            case TESTCONTAINERS -> "Testcontainers";
            case EMBEDDED -> "embedded";
        };
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    /**
     * Stops a server when the JVM ends, after the application contexts Spring Boot closes at exit
     * (its own shutdown hook), which still use the server while they close: a connection pool whose
     * database is gone retries for seconds before its context can close, and Surefire kills the test
     * JVM 10 s after it starts to exit. Should the contexts take too long, the server is stopped
     * anyway before then, so that no database process outlives the JVM.
     */
    private static void stopAtExit(String name, Runnable stop) {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            awaitSpringBootShutdownHook();
                            stop.run();
                        },
                        name));
    }

    private static void awaitSpringBootShutdownHook() {
        try {
            // The JVM starts its shutdown hooks one after another: give Spring Boot's a moment to appear.
            long lookUntil = System.nanoTime() + HOOK_START.toNanos();
            Optional<Thread> hook = springBootShutdownHook();
            while (hook.isEmpty() && System.nanoTime() < lookUntil) {
                Thread.sleep(10);
                hook = springBootShutdownHook();
            }
            if (hook.isPresent()) {
                hook.get().join(CONTEXTS_CLOSE);
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Thread> springBootShutdownHook() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> SPRING_BOOT_SHUTDOWN_HOOK.equals(thread.getName()))
                .findFirst();
    }
}
