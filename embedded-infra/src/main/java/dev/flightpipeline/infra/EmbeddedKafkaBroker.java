package dev.flightpipeline.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker in KRaft mode (broker and controller in one), running in this
 * JVM from Kafka's own server classes: what {@code kafka-storage.sh format} and
 * {@code kafka-server-start.sh} do, without a separate process. Transactions work: the internal
 * topics are set up for one node. Topics are never created implicitly: see {@link #createTopics}.
 *
 * <p>The broker's own loggers are set to WARN on start unless configured otherwise (see {@link
 * EmbeddedServerLogging}).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;
    private static final int READY_TIMEOUT_SECONDS = 30;
    private static final AtomicBoolean exitGuarded = new AtomicBoolean();

    /**
     * How to run the broker.
     *
     * @param dataDirectory where the log lives; null for a temporary folder removed on close
     * @param keepData keep the data across restarts (the folder is formatted only the first time);
     *     otherwise the folder starts empty and is removed on close
     * @param port the client port; 0 for any free port. The controller listens on another free port.
     * @param defaultPartitions partitions of topics created without a count
     */
    public record Settings(Path dataDirectory, boolean keepData, int port, int defaultPartitions) {
        public Settings {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535, not " + port);
            }
            if (defaultPartitions < 1) {
                throw new IllegalArgumentException("defaultPartitions must be at least 1");
            }
            if (keepData && dataDirectory == null) {
                throw new IllegalArgumentException("keeping data needs a data directory");
            }
        }

        /** A throw-away broker on free ports: what tests use. */
        public static Settings temporary() {
            return new Settings(null, false, 0, 3);
        }
    }

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path dataDirectory;
    private final boolean deleteOnClose;
    private boolean closed;

    private EmbeddedKafkaBroker(
            KafkaRaftServer server, String bootstrapServers, Path dataDirectory, boolean deleteOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
    }

    /** Starts a broker and returns once it accepts requests. */
    public static EmbeddedKafkaBroker start(Settings settings) {
        long startedAt = System.nanoTime();
        EmbeddedServerLogging.quietUnlessConfigured();
        keepTheJvmOnBrokerFaults();
        Path directory = settings.dataDirectory() != null
                ? FileTrees.createDirectories(settings.dataDirectory().toAbsolutePath())
                : FileTrees.temporaryDirectory("kafka-");
        boolean deleteOnClose = !settings.keepData();
        if (!settings.keepData()) {
            FileTrees.deleteContents(directory);
        }
        int port = settings.port() == 0 ? FreePorts.find() : settings.port();
        Properties config = brokerConfig(directory, port, FreePorts.find(), settings.defaultPartitions());

        formatStorageIfNew(directory, config);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        String bootstrapServers = "127.0.0.1:" + port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, bootstrapServers, directory, deleteOnClose);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        log.info(
                "Kafka broker (KRaft) ready at {} in {} ms",
                bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return broker;
    }

    /**
     * A broker that hits a fatal fault (a lost log folder, a controller error) ends its process
     * through Kafka's {@link Exit}; here that process is the application's or the tests' JVM, which
     * would vanish without a word. Log it instead: what fails next says the rest.
     */
    private static void keepTheJvmOnBrokerFaults() {
        if (exitGuarded.compareAndSet(false, true)) {
            Exit.setExitProcedure((status, message) ->
                    log.error("The embedded Kafka broker asked to exit the JVM (status {}): {}", status, message));
            Exit.setHaltProcedure((status, message) ->
                    log.error("The embedded Kafka broker asked to halt the JVM (status {}): {}", status, message));
        }
    }

    private static Properties brokerConfig(Path directory, int port, int controllerPort, int defaultPartitions) {
        Properties config = new Properties();
        config.put("process.roles", "broker,controller");
        config.put("node.id", String.valueOf(NODE_ID));
        // Static voters (not a dynamic quorum): the controller's port may change between runs on kept data.
        config.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        config.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        config.put("controller.listener.names", "CONTROLLER");
        config.put("inter.broker.listener.name", "PLAINTEXT");
        config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        config.put("log.dirs", directory.toString());
        config.put("num.partitions", String.valueOf(defaultPartitions));
        config.put("auto.create.topics.enable", "false");
        // One node: every internal topic must accept a single replica, or transactions hang.
        config.put("offsets.topic.replication.factor", "1");
        config.put("offsets.topic.num.partitions", "5");
        config.put("transaction.state.log.replication.factor", "1");
        config.put("transaction.state.log.min.isr", "1");
        config.put("transaction.state.log.num.partitions", "5");
        config.put("share.coordinator.state.topic.replication.factor", "1");
        config.put("share.coordinator.state.topic.min.isr", "1");
        config.put("min.insync.replicas", "1");
        config.put("default.replication.factor", "1");
        config.put("group.initial.rebalance.delay.ms", "0");
        // A broker that stops without telling its controller stays registered until its session
        // times out (9 s), and a restart on kept data waits that long before it can register
        // again. Telling it costs about 0.3 s on close.
        config.put("controlled.shutdown.enable", "true");
        return config;
    }

    /** Kafka's own storage tool, as {@code kafka-storage.sh format} runs it, on a folder never formatted. */
    private static void formatStorageIfNew(Path directory, Properties config) {
        if (Files.exists(directory.resolve("meta.properties"))) {
            return; // kept data: it has its cluster id already
        }
        Path configFile = null;
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try {
            configFile = Files.createTempFile("kafka-storage-", ".properties");
            try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
                config.store(writer, "the embedded broker's settings, for the storage tool");
            }
            try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                exitCode = StorageTool.execute(
                        new String[] {
                            "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()
                        },
                        out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the storage tool's settings", e);
        } finally {
            if (configFile != null) {
                configFile.toFile().delete();
            }
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting the Kafka storage in " + directory + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** The broker has registered with its controller and answers clients. */
    private void awaitReady() {
        try (Admin admin = KafkaTopics.admin(bootstrapServers)) {
            admin.describeCluster().nodes().get(READY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "the Kafka broker did not become ready within " + READY_TIMEOUT_SECONDS + " s", e);
        }
    }

    /** {@code host:port} for clients' {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Creates the topics that do not exist yet, with the given partition counts (one replica
     * each). Existing topics are left as they are.
     */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        KafkaTopics.createMissing(bootstrapServers, nameToPartitions);
    }

    /** Stops the broker (telling its controller first) and removes its data unless it is kept. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        long stoppingAt = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            FileTrees.delete(dataDirectory);
        }
        log.info(
                "Kafka broker at {} stopped in {} ms",
                bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppingAt));
    }
}
