package dev.flightpipeline.testsupport;

import dev.flightpipeline.infra.KafkaTopics;
import java.util.Map;

/** A running Kafka broker that tests may use. */
public record KafkaEndpoint(String bootstrapServers) {

    /**
     * Creates the topics that do not exist yet, with the given partition counts and one replica
     * each. Existing topics (another test class's, on this shared broker) are left as they are.
     */
    public void createTopics(Map<String, Integer> nameToPartitions) {
        KafkaTopics.createMissing(bootstrapServers, nameToPartitions);
    }
}
