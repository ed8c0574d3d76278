package dev.flightpipeline.booker;

import static org.awaitility.Awaitility.await;

import dev.flightpipeline.testsupport.EventSchemas;
import dev.flightpipeline.testsupport.KafkaEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads topics from their current end as a consumer of the pipeline would (read_committed), and
 * keeps every record for the test to look at.
 */
final class TopicWatcher implements AutoCloseable {

    record Seen(String topic, String key, String value, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name);
        }
    }

    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
    private final String bootstrapServers;
    private final List<TopicPartition> partitions;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    TopicWatcher(KafkaEndpoint kafka, List<String> topics) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "watcher-" + UUID.randomUUID());
        bootstrapServers = kafka.bootstrapServers();
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        partitions = topics.stream()
                .flatMap(topic ->
                        consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Fix the start before the test produces anything.
        partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
        poller = Thread.ofPlatform().name("topic-watcher").daemon().start(this::poll);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Map<String, String> headers = new java.util.LinkedHashMap<>();
                    record.headers()
                            .forEach(header -> headers.put(
                                    header.key(),
                                    header.value() == null
                                            ? null
                                            : new String(header.value(), StandardCharsets.UTF_8)));
                    seen.add(new Seen(
                            record.topic(),
                            record.key(),
                            record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8),
                            headers));
                }
                partitions.forEach(partition -> positions.put(partition, consumer.position(partition)));
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close();
        }
    }

    /**
     * Waits until this watcher has read every record committed so far: its positions reach the
     * topics' last stable offsets.
     */
    void awaitCaughtUp(Duration atMost) {
        Map<TopicPartition, Long> ends;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            ends = admin
                    .listOffsets(
                            partitions.stream()
                                    .collect(
                                            Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())),
                            new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(atMost.toMillis(), TimeUnit.MILLISECONDS)
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, end -> end.getValue().offset()));
        } catch (Exception e) {
            throw new IllegalStateException("could not read the topics' end offsets", e);
        }
        await().atMost(atMost)
                .until(() -> ends.entrySet().stream()
                        .allMatch(end -> positions.getOrDefault(end.getKey(), -1L) >= end.getValue()));
    }

    /** Every record seen so far that carries a {@code ce_type} is valid against its schema in docs/events. */
    void assertEveryEventMatchesItsSchema() {
        seen.stream()
                .filter(record -> record.header("ce_type") != null)
                .forEach(record -> EventSchemas.assertValid(record.header("ce_type"), record.value()));
    }

    List<Seen> on(String topic, String key) {
        return seen.stream()
                .filter(record -> record.topic().equals(topic) && key.equals(record.key()))
                .toList();
    }

    List<Seen> on(String topic) {
        return seen.stream().filter(record -> record.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
