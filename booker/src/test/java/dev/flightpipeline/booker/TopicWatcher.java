package dev.flightpipeline.booker;

import dev.flightpipeline.testsupport.KafkaEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private volatile boolean running = true;

    TopicWatcher(KafkaEndpoint kafka, List<String> topics) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "watcher-" + UUID.randomUUID());
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = topics.stream()
                .flatMap(topic ->
                        consumer.partitionsFor(topic).stream().map(info -> new TopicPartition(topic, info.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // fix the start before the test produces anything
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
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close();
        }
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
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        poller.join(5_000);
    }
}
