package dev.flightpipeline.benchmarks;

import dev.flightpipeline.events.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;

/**
 * Whether a booker reads {@code booking.requests} yet: one that answers its health check may still
 * be joining its consumer group, and requests published before then wait in the topic.
 */
public final class BookerIntake {

    private BookerIntake() {}

    /**
     * Waits until a consumer group (the booker's) has every partition of {@code booking.requests}:
     * from then on, requests are read as they come.
     */
    public static void awaitReading(String bootstrapServers, int partitions, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                List<String> groups = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                        .map(GroupListing::groupId)
                        .toList();
                Collection<ConsumerGroupDescription> described = admin.describeConsumerGroups(groups)
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .values();
                for (ConsumerGroupDescription group : described) {
                    long requestPartitions = group.members().stream()
                            .flatMap(member -> member.assignment().topicPartitions().stream())
                            .filter(partition -> partition.topic().equals(Topics.BOOKING_REQUESTS))
                            .count();
                    if (requestPartitions == partitions) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException(
                "no consumer had the partitions of " + Topics.BOOKING_REQUESTS + " within " + timeout);
    }
}
