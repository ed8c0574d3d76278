package dev.flightpipeline.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creating topics on any Kafka cluster, the way the embedded and test brokers need it. */
public final class KafkaTopics {

    private static final int TIMEOUT_SECONDS = 30;

    private KafkaTopics() {}

    /**
     * Creates the topics that do not exist yet, with the given partition counts and one replica
     * each, and returns once every partition of the named topics has a leader. Topics that exist
     * (or that someone else creates meanwhile) are left as they are.
     */
    public static void createMissing(String bootstrapServers, Map<String, Integer> nameToPartitions) {
        try (Admin admin = admin(bootstrapServers)) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = nameToPartitions.entrySet().stream()
                    .filter(topic -> !existing.contains(topic.getKey()))
                    .map(topic -> new NewTopic(topic.getKey(), topic.getValue(), (short) 1))
                    .toList();
            if (!missing.isEmpty()) {
                create(admin, missing);
            }
            awaitLeaders(admin, nameToPartitions.keySet());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(
                    "creating topics " + nameToPartitions.keySet() + " on Kafka at " + bootstrapServers + " failed: "
                            + e.getMessage(),
                    e);
        }
    }

    private static void create(Admin admin, List<NewTopic> missing) throws InterruptedException, TimeoutException {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> creation :
                admin.createTopics(missing).values().entrySet()) {
            try {
                creation.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    failures.add(creation.getKey() + ": " + e.getCause());
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("creating topics failed: " + failures);
        }
    }

    /**
     * A created topic reaches the controller first and the brokers' metadata a moment later;
     * until then clients that do not retry (an admin's describe, a first send with a short
     * timeout) fail with "unknown topic".
     */
    private static void awaitLeaders(Admin admin, Set<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                boolean led = descriptions.values().stream()
                        .flatMap(topic -> topic.partitions().stream())
                        .allMatch(partition -> partition.leader() != null);
                if (led) {
                    return;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + topics + " have no leaders after " + TIMEOUT_SECONDS + " s");
            }
            Thread.sleep(50);
        }
    }

    static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                TIMEOUT_SECONDS * 1000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                10_000));
    }
}
