package dev.flightpipeline.outbox;

import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flightpipeline.booking.outbox.Outbox;
import dev.flightpipeline.booking.outbox.OutboxEvent;
import dev.flightpipeline.testsupport.KafkaEndpoint;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One integration test's world: a migrated database of its own, an event topic, a progress topic
 * and a transactional id nobody else uses, on the shared broker and server. Closes the relays and
 * readers it made.
 */
final class OutboxTestEnvironment implements AutoCloseable {

    static final String EVENT_TYPE = "test.happened";

    final PostgresEndpoint database;
    final HikariDataSource pool;
    final JdbcTemplate jdbc;
    final TransactionTemplate transactions;
    final KafkaEndpoint kafka;
    final String topic;
    final String progressTopic;
    final String transactionalId;
    private final List<Runnable> toClose = new ArrayList<>();

    private OutboxTestEnvironment(String name, int partitions) {
        CompletableFuture<KafkaEndpoint> broker = CompletableFuture.supplyAsync(TestInfrastructure::kafka);
        database = TestInfrastructure.postgres().newDatabase("outbox_" + name);
        Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database.jdbcUrl());
        config.setUsername(database.username());
        config.setPassword(database.password());
        config.setMaximumPoolSize(8);
        pool = new HikariDataSource(config);
        jdbc = new JdbcTemplate(pool);
        transactions = new TransactionTemplate(new DataSourceTransactionManager(pool));
        kafka = broker.join();
        String unique = name + "." + UUID.randomUUID().toString().substring(0, 8);
        topic = "outbox-it." + unique;
        progressTopic = "outbox-it.progress." + unique;
        transactionalId = "outbox-it-relay." + unique;
        kafka.createTopics(Map.of(topic, partitions));
    }

    static OutboxTestEnvironment create(String name, int partitions) {
        return new OutboxTestEnvironment(name, partitions);
    }

    /** Fast to take over, so that tests do not wait for leadership. */
    OutboxRelaySettings settings() {
        return OutboxRelaySettings.of(kafka.bootstrapServers(), transactionalId)
                .withProgressTopic(progressTopic)
                .withBatchSize(100)
                .withLeaderRetryInterval(Duration.ofMillis(100));
    }

    /** A relay on unpooled connections: ending its lock connection ends its session, as in production. */
    OutboxRelay relay() {
        OutboxRelay relay = new OutboxRelay(database.dataSource(), settings());
        toClose.add(relay::close);
        return relay;
    }

    Outbox outbox() {
        return new Outbox(JdbcClient.create(jdbc));
    }

    OutboxEvent event(String key) {
        UUID id = UUID.randomUUID();
        return new OutboxEvent(
                id,
                topic,
                key,
                EVENT_TYPE,
                "{\"eventId\": \"" + id + "\", \"key\": \"" + key + "\", \"amount\": 12.50}",
                Map.of("ce_id", id.toString(), "ce_type", EVENT_TYPE, "ce_source", "/outbox-it"));
    }

    /** Every row's (txid, id), by event id. */
    Map<UUID, OutboxPosition> rowPositions() {
        Map<UUID, OutboxPosition> positions = new HashMap<>();
        jdbc.query("select event_id, txid::text, id from outbox_event", row -> {
            positions.put(
                    row.getObject(1, UUID.class),
                    new OutboxPosition(Long.parseUnsignedLong(row.getString(2)), row.getLong(3)));
        });
        return positions;
    }

    TopicReader reader(String readTopic) {
        TopicReader reader = new TopicReader(kafka, readTopic);
        toClose.add(reader::close);
        return reader;
    }

    @Override
    public void close() {
        toClose.reversed().forEach(Runnable::run);
        pool.close();
    }

    /** Reads a topic from its beginning, read_committed, as a pipeline consumer would. */
    static final class TopicReader implements AutoCloseable {

        private final KafkaEndpoint kafka;
        private final KafkaConsumer<String, String> consumer;
        private final List<TopicPartition> partitions;
        private final List<ConsumerRecord<String, String>> records = new ArrayList<>();

        TopicReader(KafkaEndpoint kafka, String topic) {
            this.kafka = kafka;
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers(),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                    "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                    false,
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                    StringDeserializer.class));
            partitions = consumer.partitionsFor(topic).stream()
                    .map(partition -> new TopicPartition(topic, partition.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        /** What arrived so far, after one short poll. */
        List<ConsumerRecord<String, String>> poll() {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            return List.copyOf(records);
        }

        /**
         * Everything committed, read once no transaction is open or unmarked in the topic (a commit
         * just returned to its producer may not be marked in every partition yet).
         */
        List<ConsumerRecord<String, String>> readToEnd() {
            Map<TopicPartition, Long> end = await().atMost(Duration.ofSeconds(30))
                    .until(() -> kafka.settledEnds(partitions), Optional::isPresent)
                    .orElseThrow();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                poll();
            }
            return List.copyOf(records);
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static UUID eventId(ConsumerRecord<String, String> record) {
        return UUID.fromString(header(record, "ce_id"));
    }
}
