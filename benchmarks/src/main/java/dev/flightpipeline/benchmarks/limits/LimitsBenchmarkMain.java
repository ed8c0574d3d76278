package dev.flightpipeline.benchmarks.limits;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.benchmarks.PacedRequestPublisher;
import dev.flightpipeline.benchmarks.limits.KafkaProducerLimit.ProducerFigures;
import dev.flightpipeline.benchmarks.limits.PostgresCommitLimit.CommitFigures;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench-limits}: the machine's own limits, to quote beside the pipeline's figures
 * (quality.md): the Kafka producer's records/s for records of a booking request's size (the broker's
 * perf tool) and PostgreSQL's commits/s (pgbench-style inserts), on the same embedded broker and
 * database the benchmarks use. Exits 0 with the figures, 2 on a wrong flag, 3 if a run failed.
 */
public final class LimitsBenchmarkMain {

    static final String DATABASE = "limits";
    static final String TOPIC = "limits";
    /** As {@code booking.requests} in docker-compose.yml. */
    static final int PARTITIONS = 12;

    private LimitsBenchmarkMain() {}

    public static void main(String[] args) {
        LimitsSettings settings = BenchmarkRun.settingsOrExit(args, LimitsSettings.USAGE, LimitsSettings::parse);
        BenchmarkRun run = BenchmarkRun.start("LIMITS");
        int recordSize = bookingRequestSize();
        say(
                "Limits %s: %d cores, Java %s; a booking request is %d bytes of JSON",
                run.name(), run.cores(), Runtime.version().feature(), recordSize);
        try {
            List<ProducerFigures> producer = new ArrayList<>();
            try (EmbeddedKafkaBroker kafka =
                    EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(null, false, 0, PARTITIONS))) {
                kafka.createTopics(Map.of(TOPIC, PARTITIONS));
                for (boolean transactional : List.of(false, true)) {
                    say(
                            "Kafka producer, %s, %,d records...",
                            transactional ? "transactional" : "acks=all", settings.records());
                    producer.add(KafkaProducerLimit.run(
                            kafka.bootstrapServers(), TOPIC, settings.records(), recordSize, transactional));
                }
            }
            List<CommitFigures> commits = new ArrayList<>();
            commits.addAll(commitRuns("as the benchmarks run it (fsync off)", temporaryServer(), settings));
            Path durableData = Files.createTempDirectory("limits-postgres-");
            try {
                commits.addAll(commitRuns(
                        "durable (fsync on)",
                        EmbeddedPostgresServer.start(new EmbeddedPostgresServer.Settings(durableData, true, 0)),
                        settings));
            } finally {
                deleteTree(durableData);
            }
            say("");
            say("Limits summary (%s, %d cores)", run.startedAt(), run.cores());
            System.out.print(table(producer, commits, recordSize));
            Path json = run.writeJson(
                    settings.resultsDirectory(),
                    Map.of(
                            "records", settings.records(),
                            "recordSize", recordSize,
                            "partitions", PARTITIONS,
                            "commitSeconds", settings.commitsFor().toSeconds(),
                            "clients", settings.clients()),
                    Map.of("kafkaProducer", producer, "postgresCommits", commits));
            say("");
            say("Results: %s", json);
            System.exit(0);
        } catch (Exception failure) {
            System.err.println("The benchmark failed: " + failure);
            failure.printStackTrace();
            System.exit(3);
        }
    }

    private static EmbeddedPostgresServer temporaryServer() {
        return EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary());
    }

    private static List<CommitFigures> commitRuns(
            String durability, EmbeddedPostgresServer postgres, LimitsSettings settings) throws Exception {
        try (postgres) {
            postgres.createDatabaseIfAbsent(DATABASE);
            String url = postgres.jdbcUrl(DATABASE);
            PostgresCommitLimit.createTable(url, postgres.username(), postgres.password());
            List<CommitFigures> figures = new ArrayList<>();
            for (int clients : settings.clients()) {
                say(
                        "PostgreSQL commits, %s, %d client(s), %ds...",
                        durability, clients, settings.commitsFor().toSeconds());
                CommitFigures run = PostgresCommitLimit.run(
                        durability, url, postgres.username(), postgres.password(), clients, settings.commitsFor());
                say("  %,.0f commits/s", run.commitsPerSecond());
                figures.add(run);
            }
            return figures;
        }
    }

    /** The JSON of a booking request as the gateway publishes it, one passenger. */
    static int bookingRequestSize() {
        return EventJson.write(PacedRequestPublisher.request(
                        new BookableOffer("off_0000AbCdEfGhIjKlMnOpQrStUv", "pas_0000AbCdEfGhIjKlMnOpQrStUv"), 1))
                .getBytes(StandardCharsets.UTF_8)
                .length;
    }

    static String table(List<ProducerFigures> producer, List<CommitFigures> commits, int recordSize) {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%-72s %14s%n", "limit", "figure"));
        for (ProducerFigures run : producer) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-72s %,11.0f /s   (%.1f MB/s, p99 %.0f ms)%n",
                    "Kafka producer records/s, " + recordSize + " B, " + run.mode(),
                    run.recordsPerSecond(),
                    run.megabytesPerSecond(),
                    run.p99Millis()));
        }
        for (CommitFigures run : commits) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-72s %,11.0f /s%n",
                    "PostgreSQL commits/s, " + run.clients() + " client(s), " + run.durability(),
                    run.commitsPerSecond()));
        }
        return table.toString();
    }

    static void say(String format, Object... arguments) {
        System.out.println(String.format(Locale.ROOT, format, arguments));
    }

    private static void deleteTree(Path directory) throws IOException {
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
