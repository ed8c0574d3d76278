package dev.flightpipeline.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBrokerIT {

    @TempDir
    Path dataDirectory;

    @Test
    void aReadCommittedConsumerSeesCommittedTransactionsAndNotAbortedOnes() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.Settings.temporary())) {
            broker.createTopics(Map.of("payments", 2));
            try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("payments", "a", "committed-1"));
                producer.send(new ProducerRecord<>("payments", "b", "committed-2"));
                producer.commitTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("payments", "c", "aborted"));
                producer.flush();
                producer.abortTransaction();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("payments", "d", "committed-3"));
                producer.commitTransaction();
            }

            assertThat(readAll(broker, "payments", 3))
                    .containsExactlyInAnyOrder("committed-1", "committed-2", "committed-3");
        }
    }

    @Test
    void topicsAreCreatedWithTheirPartitionCountsAndCreatingThemAgainChangesNothing() throws Exception {
        var settings = new EmbeddedKafkaBroker.Settings(null, false, 0, 4);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            broker.createTopics(Map.of("one", 1, "six", 6));
            broker.createTopics(Map.of("one", 1, "six", 6, "two", 2));
            admin.createTopics(List.of(new NewTopic("unnumbered", Optional.empty(), Optional.empty())))
                    .all()
                    .get();

            var topics = admin.describeTopics(List.of("one", "six", "two"))
                    .allTopicNames()
                    .get();
            assertThat(topics.get("one").partitions()).hasSize(1);
            assertThat(topics.get("six").partitions()).hasSize(6);
            assertThat(topics.get("two").partitions()).hasSize(2);
            // Created directly, so nothing waited for the broker to learn of it.
            await().atMost(Duration.ofSeconds(10))
                    .ignoreExceptionsInstanceOf(ExecutionException.class)
                    .untilAsserted(() -> assertThat(admin.describeTopics(List.of("unnumbered"))
                                    .allTopicNames()
                                    .get()
                                    .get("unnumbered")
                                    .partitions())
                            .hasSize(4));
        }
    }

    @Test
    void keptDataSurvivesARestartOnOtherPorts() throws Exception {
        var settings = new EmbeddedKafkaBroker.Settings(dataDirectory, true, 0, 1);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
            broker.createTopics(Map.of("kept", 1));
            try (KafkaProducer<String, String> producer = transactionalProducer(broker)) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>("kept", "k", "before-restart"));
                producer.commitTransaction();
            }
        }

        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(settings)) {
            assertThat(readAll(broker, "kept", 1)).containsExactly("before-restart");
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(EmbeddedKafkaBroker broker) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                "test-" + UUID.randomUUID(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
    }

    /** Reads until the expected count is reached or 20 s pass, then returns what was read. */
    private static List<String> readAll(EmbeddedKafkaBroker broker, String topic, int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            // One more poll: anything beyond the expected count (an aborted record) would show here.
            consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
        }
        return values;
    }
}
