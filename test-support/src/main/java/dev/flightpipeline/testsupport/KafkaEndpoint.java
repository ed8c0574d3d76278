package dev.flightpipeline.testsupport;

import dev.flightpipeline.infra.KafkaTopics;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/** A running Kafka broker that tests may use. */
public record KafkaEndpoint(String bootstrapServers) {

    /**
     * Creates the topics that do not exist yet, with the given partition counts and one replica
     * each. Existing topics (another test class's, on this shared broker) are left as they are.
     */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        KafkaTopics.createMissing(bootstrapServers, nameToPartitions);
    }

    /**
     * The end of each partition, if no transaction written to them is still open or unmarked (each
     * last stable offset has reached the partition's end); empty otherwise. A producer's commit
     * returns before the broker has marked the transaction in each partition, so a read_committed
     * read to the end offsets right after it can miss the transaction: wait for this first.
     */
    public Optional<Map<TopicPartition, Long>> settledEnds(Collection<TopicPartition> partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, Long> stable = ends(admin, partitions, IsolationLevel.READ_COMMITTED);
            return stable.equals(ends(admin, partitions, IsolationLevel.READ_UNCOMMITTED))
                    ? Optional.of(stable)
                    : Optional.empty();
        }
    }

    private static Map<TopicPartition, Long> ends(
            Admin admin, Collection<TopicPartition> partitions, IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> latest =
                partitions.stream().collect(Collectors.toMap(Function.identity(), partition -> OffsetSpec.latest()));
        try {
            return admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> entry.getValue().offset()));
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not read the end offsets of " + partitions, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the end offsets of " + partitions, e);
        }
    }
}
