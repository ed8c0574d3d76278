package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.events.Topics;
import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.nio.file.Path;
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
