package dev.flightpipeline.local;

import dev.flightpipeline.booker.BookerApplication;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import dev.flightpipeline.reconciler.ReconcilerApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;

/**
 * The whole pipeline in one JVM: a real Kafka broker (KRaft), a real PostgreSQL, the Duffel
 * simulator (or real Duffel) and the gateway, booker and reconciler, each in its own Spring
 * application context. Closing it stops everything in reverse order of start.
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    static final String DATABASE = "booking";
    static final int TOPIC_PARTITIONS = 6;
    /** The simulator accepts any token of Duffel's test form. */
    static final String SIMULATOR_TOKEN = "duffel_test_local_stack";

    private final List<AutoCloseable> started = Collections.synchronizedList(new ArrayList<>());
    private final LocalStackSettings settings;
    private EmbeddedPostgresServer postgres;
    private EmbeddedKafkaBroker kafka;
    private DuffelSimulator simulator;
    private URI duffelUrl;
    private ConfigurableApplicationContext gateway;
    private ConfigurableApplicationContext booker;
    private ConfigurableApplicationContext reconciler;

    private LocalStack(LocalStackSettings settings) {
        this.settings = settings;
    }

    /** Starts everything, or stops what it had started and throws. */
    public static LocalStack start(LocalStackSettings settings) {
        LocalStack stack = new LocalStack(settings);
        try {
            stack.startInfrastructure();
            stack.startDuffel();
            stack.startServices();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startInfrastructure() {
        // Closed last, as it was taken first.
        remember(DataDirectoryLock.acquire(settings.dataDirectory()));
        // The broker and the database do not depend on each other: start them side by side.
        CompletableFuture<EmbeddedPostgresServer> database =
                // Not stopped by its own JVM hook: LocalStackMain's closes it after the services, which
                // would otherwise lose their connections while still shutting down.
                startAsync(() -> EmbeddedPostgresServer.start(new EmbeddedPostgresServer.Settings(
                        settings.dataDirectory().resolve("postgres"), true, settings.postgresPort(), false)));
        CompletableFuture<EmbeddedKafkaBroker> broker =
                startAsync(() -> EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(
                        settings.dataDirectory().resolve("kafka"), true, settings.kafkaPort(), TOPIC_PARTITIONS)));
        awaitAll(database, broker);
        postgres = database.join();
        kafka = broker.join();
        postgres.createDatabaseIfAbsent(DATABASE);
        kafka.createTopics(Topics.ALL.stream().collect(Collectors.toMap(name -> name, name -> TOPIC_PARTITIONS)));
    }

    private void startDuffel() {
        if (settings.realDuffel().isPresent()) {
            duffelUrl = settings.realDuffel().get().baseUrl();
            return;
        }
        simulator = remember(DuffelSimulator.start(SimulatorConfig.defaults().withPort(settings.simulatorPort())));
        duffelUrl = URI.create(simulator.baseUrl());
    }

    private void startServices() {
        String token = settings.realDuffel()
                .map(LocalStackSettings.RealDuffel::accessToken)
                .orElse(SIMULATOR_TOKEN);
        Map<String, String> shared = Map.of(
                "spring.profiles.active",
                "local",
                "spring.main.banner-mode",
                "off",
                // The stack closes the services itself, in order, before the broker and database.
                "spring.main.register-shutdown-hook",
                "false",
                "spring.datasource.url",
                postgres.jdbcUrl(DATABASE),
                "spring.datasource.username",
                postgres.username(),
                "spring.datasource.password",
                postgres.password(),
                "spring.kafka.bootstrap-servers",
                kafka.bootstrapServers(),
                "duffel.base-url",
                duffelUrl.toString(),
                "duffel.access-token",
                token);
        configureLoggingOnce();
        // The booker owns the schema; it starts alongside the others, and Flyway's lock keeps a
        // second migrator waiting rather than racing.
        CompletableFuture<ConfigurableApplicationContext> bookerStart =
                startAsync(() -> run(BookerApplication.application(), shared, settings.bookerPort()));
        CompletableFuture<ConfigurableApplicationContext> reconcilerStart =
                startAsync(() -> run(ReconcilerApplication.application(), shared, settings.reconcilerPort()));
        CompletableFuture<ConfigurableApplicationContext> gatewayStart =
                startAsync(() -> run(GatewayApplication.application(), shared, settings.gatewayPort()));
        awaitAll(bookerStart, reconcilerStart, gatewayStart);
        booker = bookerStart.join();
        reconciler = reconcilerStart.join();
        gateway = gatewayStart.join();
    }

    /**
     * Sets up logging once for the whole JVM, then tells the services to leave it alone: three
     * applications configuring the one Logback context at once each added a console appender, and
     * every line came out three times.
     */
    private static void configureLoggingOnce() {
        LoggingSystem logging = LoggingSystem.get(LocalStack.class.getClassLoader());
        logging.beforeInitialize();
        logging.initialize(
                new LoggingInitializationContext(new StandardEnvironment()), "classpath:local-logback.xml", null);
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
    }

    private static ConfigurableApplicationContext run(
            SpringApplicationBuilder application, Map<String, String> shared, int port) {
        List<String> args = new ArrayList<>();
        shared.forEach((key, value) -> args.add("--" + key + "=" + value));
        args.add("--server.port=" + port);
        return application.run(args.toArray(String[]::new));
    }

    public URI gatewayUrl() {
        return serviceUrl(gateway);
    }

    public URI bookerUrl() {
        return serviceUrl(booker);
    }

    public URI reconcilerUrl() {
        return serviceUrl(reconciler);
    }

    public URI duffelUrl() {
        return duffelUrl;
    }

    public boolean usesSimulator() {
        return simulator != null;
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    public String databaseUser() {
        return postgres.username();
    }

    private static URI serviceUrl(ConfigurableApplicationContext context) {
        return URI.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    /** What is where, and how to start using it: printed once everything is up. */
    public String describe() {
        String duffel = usesSimulator()
                ? "simulator " + duffelUrl + "  (knobs: " + duffelUrl + "/_sim/config, counters: /_sim/stats)"
                : "real Duffel at " + duffelUrl + " (DUFFEL_ACCESS_TOKEN is set)";
        return String.join(
                "\n",
                "",
                "The flight booking pipeline is running.",
                "",
                "  gateway     " + gatewayUrl() + "   (the HTTP API; health: /actuator/health)",
                "  booker      " + bookerUrl() + "/actuator/health",
                "  reconciler  " + reconcilerUrl() + "/actuator/health",
                "  Duffel      " + duffel,
                "  Kafka       " + kafkaBootstrapServers() + "  (topics: " + String.join(", ", Topics.ALL) + ")",
                "  PostgreSQL  " + jdbcUrl() + "  (user " + databaseUser() + ")",
                "  data        " + settings.dataDirectory() + "  (kept across restarts; delete it to start afresh)",
                "",
                "Get a bearer token for a user:",
                "  curl -s -X POST " + gatewayUrl()
                        + "/api/dev/token -H 'Content-Type: application/json' -d '{\"user\": \"alice\"}'",
                "",
                "Press Ctrl-C to stop everything.",
                "");
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose = new ArrayList<>(started);
        Collections.reverse(toClose);
        for (AutoCloseable part : toClose) {
            try {
                part.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
        started.clear();
    }

    private <T extends AutoCloseable> T remember(T part) {
        started.add(part);
        return part;
    }

    /** Starts a part on its own thread; it is remembered for closing as soon as it has started. */
    private <T extends AutoCloseable> CompletableFuture<T> startAsync(Supplier<T> start) {
        return CompletableFuture.supplyAsync(
                        start,
                        runnable ->
                                Thread.ofPlatform().name("local-stack-start").start(runnable))
                .thenApply(this::remember);
    }

    /** Waits for every part started side by side; if one failed, rethrows its own exception. */
    private static void awaitAll(CompletableFuture<?>... parts) {
        try {
            CompletableFuture.allOf(parts).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }
}
