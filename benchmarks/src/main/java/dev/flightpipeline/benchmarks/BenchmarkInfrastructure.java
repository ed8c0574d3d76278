package dev.flightpipeline.benchmarks;

import dev.flightpipeline.events.Topics;
import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A real Kafka broker (KRaft) and a real PostgreSQL, embedded in the harness's JVM and started side
 * by side, with the {@code booking} database and every topic of the pipeline made: what the
 * benchmarks' services connect to.
 */
public final class BenchmarkInfrastructure implements AutoCloseable {

    public static final String DATABASE = "booking";
    public static final int TOPIC_PARTITIONS = 6;

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;

    private BenchmarkInfrastructure(EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka) {
        this.postgres = postgres;
        this.kafka = kafka;
    }

    /** Starts both at once (the broker on a thread of its own); a failure stops what did start. */
    public static BenchmarkInfrastructure start() throws Exception {
        CompletableFuture<EmbeddedKafkaBroker> brokerStart = CompletableFuture.supplyAsync(
                () -> EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(null, false, 0, TOPIC_PARTITIONS)),
                runnable -> Thread.ofPlatform().name("broker-start").start(runnable));
        EmbeddedPostgresServer postgres;
        try {
            postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary());
        } catch (RuntimeException failure) {
            brokerStart.thenAccept(EmbeddedKafkaBroker::close);
            throw failure;
        }
        EmbeddedKafkaBroker kafka;
        try {
            kafka = brokerStart.get(2, TimeUnit.MINUTES);
        } catch (Exception failure) {
            postgres.close();
            throw failure;
        }
        BenchmarkInfrastructure infrastructure = new BenchmarkInfrastructure(postgres, kafka);
        try {
            postgres.createDatabaseIfAbsent(DATABASE);
            kafka.createTopics(
                    Topics.ALL.stream().collect(Collectors.toMap(Function.identity(), topic -> TOPIC_PARTITIONS)));
        } catch (RuntimeException failure) {
            infrastructure.close();
            throw failure;
        }
        return infrastructure;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    public String databaseUser() {
        return postgres.username();
    }

    public String databasePassword() {
        return postgres.password();
    }

    /** A read-only look at the {@code booking} table. */
    public BookingDatabase bookingDatabase() {
        return new BookingDatabase(jdbcUrl(), databaseUser(), databasePassword());
    }

    @Override
    public void close() {
        try {
            kafka.close();
        } finally {
            postgres.close();
        }
    }
}
