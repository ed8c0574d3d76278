package dev.flightpipeline.benchmarks.accept;

import dev.flightpipeline.events.Topics;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Records in {@code booking.requests}: what the gateway has published. Nobody consumes the topic in
 * P1, and the gateway's producer is not transactional, so the sum of the partitions' end offsets is
 * the number of records.
 */
final class PublishedRequests implements AutoCloseable {

    private final Admin admin;
    private final List<TopicPartition> partitions;

    PublishedRequests(String bootstrapServers) throws InterruptedException, ExecutionException, TimeoutException {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.partitions = admin
                .describeTopics(List.of(Topics.BOOKING_REQUESTS))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(Topics.BOOKING_REQUESTS)
                .partitions()
                .stream()
                .map(partition -> new TopicPartition(Topics.BOOKING_REQUESTS, partition.partition()))
                .toList();
    }

    long count() {
        try {
            return admin
                    .listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .values()
                    .stream()
                    .mapToLong(offsets -> offsets.offset())
                    .sum();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while counting " + Topics.BOOKING_REQUESTS, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot count the records of " + Topics.BOOKING_REQUESTS, e);
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
