package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.events.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.GroupState;

/**
 * Who reads {@code booking.requests}: the booker's consumer group ({@code booking-requests}) as the
 * broker describes it. A booker that answers its health check may not read a request yet: after a
 * SIGKILL its group waits for the dead member's session to time out before it hands the partitions
 * to the new one. One admin client for all the questions of a wait, each question given up after
 * {@link #PATIENCE}: the caller times what it sees by when the answer came, and asks again.
 */
final class RequestConsumers implements AutoCloseable {

    static final String GROUP = "booking-requests";
    private static final Duration PATIENCE = Duration.ofSeconds(3);

    private final Admin admin;

    RequestConsumers(String bootstrapServers) {
        int millis = (int) PATIENCE.toMillis();
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis));
    }

    /** The members of the group now; empty if the broker cannot tell. */
    Set<String> members() {
        try {
            return describe().members().stream()
                    .map(MemberDescription::consumerId)
                    .collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException | RuntimeException notNow) {
            return Set.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Set.of();
        }
    }

    /**
     * True when the group is stable and every partition of {@code booking.requests} is assigned to
     * a member other than {@code gone} (the members of a killed booker).
     */
    boolean readByOthersThan(Set<String> gone) {
        try {
            ConsumerGroupDescription group = describe();
            if (group.groupState() != GroupState.STABLE) {
                return false;
            }
            int partitions = admin.describeTopics(Set.of(Topics.BOOKING_REQUESTS))
                    .allTopicNames()
                    .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)
                    .get(Topics.BOOKING_REQUESTS)
                    .partitions()
                    .size();
            long readByNew = group.members().stream()
                    .filter(member -> !gone.contains(member.consumerId()))
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .filter(partition -> partition.topic().equals(Topics.BOOKING_REQUESTS))
                    .count();
            return readByNew == partitions;
        } catch (ExecutionException | TimeoutException | RuntimeException notNow) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private ConsumerGroupDescription describe() throws ExecutionException, InterruptedException, TimeoutException {
        return admin.describeConsumerGroups(Set.of(GROUP))
                .describedGroups()
                .get(GROUP)
                .get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(1));
    }
}
