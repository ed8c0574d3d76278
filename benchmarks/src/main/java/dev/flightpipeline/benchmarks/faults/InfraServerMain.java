package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.events.Topics;
import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The Kafka broker (KRaft) or PostgreSQL of a fault run, alone in a JVM of its own so that the run
 * can stop and restart it: {@code --server=kafka|postgres --data-dir=PATH --port=N}. The data
 * directory and port are kept across restarts, so a restarted server has its data and its clients
 * find it where it was. Prints {@code READY <address>} once it accepts clients and stops gracefully
 * on SIGTERM.
 */
public final class InfraServerMain {

    static final String READY = "READY ";
    static final String DATABASE = "booking";
    static final int TOPIC_PARTITIONS = 6;

    private InfraServerMain() {}

    /**
     * Kept data comes with {@code fsync} and {@code synchronous_commit} on, and then every commit
     * waits for a disk flush: on a shared machine the booker then records a few requests a second.
     * The run restarts PostgreSQL with a fast shutdown, which writes every commit out first, so
     * commits need not wait: what a restart can lose is the same either way (only a power cut
     * would differ). Set on the database, as the command line's settings win over the server's.
     */
    private static void commitWithoutWaitingForTheDisk(EmbeddedPostgresServer postgres) {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.username(), "");
                Statement statement = connection.createStatement()) {
            statement.execute("alter database " + DATABASE + " set synchronous_commit = off");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set synchronous_commit: " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> flags = Arrays.stream(args)
                .filter(arg -> arg.startsWith("--") && arg.contains("="))
                .collect(Collectors.toMap(
                        arg -> arg.substring(2, arg.indexOf('=')), arg -> arg.substring(arg.indexOf('=') + 1)));
        Path dataDirectory = Path.of(flags.get("data-dir"));
        int port = Integer.parseInt(flags.get("port"));
        AutoCloseable server;
        String address;
        switch (flags.get("server")) {
            case "kafka" -> {
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(
                        new EmbeddedKafkaBroker.Settings(dataDirectory, true, port, TOPIC_PARTITIONS));
                kafka.createTopics(
                        Topics.ALL.stream().collect(Collectors.toMap(Function.identity(), topic -> TOPIC_PARTITIONS)));
                server = kafka;
                address = kafka.bootstrapServers();
            }
            case "postgres" -> {
                EmbeddedPostgresServer postgres =
                        EmbeddedPostgresServer.start(new EmbeddedPostgresServer.Settings(dataDirectory, true, port));
                postgres.createDatabaseIfAbsent(DATABASE);
                commitWithoutWaitingForTheDisk(postgres);
                server = postgres;
                address = postgres.jdbcUrl(DATABASE);
            }
            default -> throw new IllegalArgumentException("--server is kafka or postgres, not " + flags.get("server"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                System.err.println("stopping " + flags.get("server") + " failed: " + e);
            }
            stopped.countDown();
        }));
        System.out.println(READY + address);
        System.out.flush();
        stopped.await();
    }
}
