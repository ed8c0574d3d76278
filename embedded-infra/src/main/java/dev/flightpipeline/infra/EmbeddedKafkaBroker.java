package dev.flightpipeline.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool$;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Kafka broker in KRaft mode (broker and controller in one), running in this
 * JVM from Kafka's own server classes: what {@code kafka-storage.sh format} and
 * {@code kafka-server-start.sh} do, without a separate process. Transactions work: the internal
 * topics are set up for one node.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int NODE_ID = 1;

    /**
     * @param dataDirectory where the log lives; null for a temporary folder removed on close
     * @param keepData keep the data folder across restarts (format it only the first time)
     * @param port the client port; 0 for any free port
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
    private final int defaultPartitions;

    private EmbeddedKafkaBroker(
            KafkaRaftServer server,
            String bootstrapServers,
            Path dataDirectory,
            boolean deleteOnClose,
            int defaultPartitions) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.dataDirectory = dataDirectory;
        this.deleteOnClose = deleteOnClose;
        this.defaultPartitions = defaultPartitions;
    }

    public static EmbeddedKafkaBroker start(Settings settings) {
        long startedAt = System.nanoTime();
        Path directory = settings.dataDirectory() != null
                ? createDirectories(settings.dataDirectory())
                : temporaryDirectory("kafka-");
        boolean deleteOnClose = settings.dataDirectory() == null || !settings.keepData();
        if (!settings.keepData()) {
            FileTrees.deleteContents(directory);
        }
        int port = settings.port() == 0 ? FreePorts.find() : settings.port();
        int controllerPort = FreePorts.find();
        Properties config = brokerConfig(directory, port, controllerPort, settings.defaultPartitions());

        formatStorageIfNew(directory, config);
        KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
        server.startup();
        String bootstrapServers = "127.0.0.1:" + port;
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(
                server, bootstrapServers, directory, deleteOnClose, settings.defaultPartitions());
        broker.awaitReady();
        log.info(
                "Kafka broker (KRaft) ready at {} in {} ms",
                bootstrapServers,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return broker;
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
        config.put("log.dirs", directory.toAbsolutePath().toString());
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
        config.put("controlled.shutdown.enable", "false");
        config.put("log.cleaner.enable", "true");
        return config;
    }

    /** Kafka's own storage tool, as {@code kafka-storage.sh format} runs it, on a folder never formatted. */
    private static void formatStorageIfNew(Path directory, Properties config) {
        if (Files.exists(directory.resolve("meta.properties"))) {
            return; // kept data: it has its cluster id already
        }
        Path configFile = directory.resolve("server.properties");
        try (Writer writer = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
            config.store(writer, "written by EmbeddedKafkaBroker for the storage tool");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + configFile, e);
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool$.MODULE$.execute(
                    new String[] {
                        "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString()
                    },
                    out);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("formatting the Kafka storage in " + directory + " failed: "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }

    /** The broker has registered with its controller and accepts requests. */
    private void awaitReady() {
        try (Admin admin = admin()) {
            admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            throw new IllegalStateException("the Kafka broker did not become ready within 30 s", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates the topics that do not exist yet, with the given partition counts (one replica each). */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = nameToPartitions.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("creating topics failed: " + e.getCause(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("creating topics took longer than 30 s", e);
        }
    }

    public int defaultPartitions() {
        return defaultPartitions;
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000));
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            FileTrees.delete(dataDirectory);
        }
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    static Path temporaryDirectory(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }
}
