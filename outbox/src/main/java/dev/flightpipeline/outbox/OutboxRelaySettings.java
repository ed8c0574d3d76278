package dev.flightpipeline.outbox;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How an {@link OutboxRelay} publishes. A null setting takes its default; {@link #of} gives all
 * defaults and the {@code with...} methods change one.
 *
 * @param bootstrapServers the Kafka cluster
 * @param transactionalId the producer's {@code transactional.id}: the same for every relay of one
 *     outbox, so that a new leader fences the previous one. Also the key of its progress records.
 * @param progressTopic where the relay records its position, in the same Kafka transaction as the
 *     events (default {@value #DEFAULT_PROGRESS_TOPIC}; created, compacted with one partition, if
 *     missing)
 * @param batchSize events per Kafka transaction, at most (default {@value #DEFAULT_BATCH_SIZE})
 * @param pollInterval how long the leader waits when there was nothing to publish, unless {@link
 *     OutboxRelay#wakeUp()} is called (default 20 ms)
 * @param leaderRetryInterval how often a relay that is not the leader tries to become it (default 2 s)
 * @param retention how long published rows stay in the table before the relay deletes them
 *     (default 7 days)
 * @param extraProducerProperties more Kafka producer settings (security, timeouts); they cannot
 *     change the transactional id, idempotence, acks or the serializers
 */
public record OutboxRelaySettings(
        String bootstrapServers,
        String transactionalId,
        String progressTopic,
        int batchSize,
        Duration pollInterval,
        Duration leaderRetryInterval,
        Duration retention,
        Map<String, Object> extraProducerProperties) {

    public static final String DEFAULT_PROGRESS_TOPIC = "booking.outbox.progress";
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(20);
    public static final Duration DEFAULT_LEADER_RETRY_INTERVAL = Duration.ofSeconds(2);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    public OutboxRelaySettings {
        requireText(bootstrapServers, "bootstrapServers");
        requireText(transactionalId, "transactionalId");
        progressTopic = progressTopic == null ? DEFAULT_PROGRESS_TOPIC : progressTopic;
        requireText(progressTopic, "progressTopic");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, not " + batchSize);
        }
        pollInterval = positive(pollInterval == null ? DEFAULT_POLL_INTERVAL : pollInterval, "pollInterval");
        leaderRetryInterval = positive(
                leaderRetryInterval == null ? DEFAULT_LEADER_RETRY_INTERVAL : leaderRetryInterval,
                "leaderRetryInterval");
        retention = retention == null ? DEFAULT_RETENTION : retention;
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, not " + retention);
        }
        extraProducerProperties = extraProducerProperties == null ? Map.of() : Map.copyOf(extraProducerProperties);
    }

    /** The defaults, for the given cluster and transactional id. */
    public static OutboxRelaySettings of(String bootstrapServers, String transactionalId) {
        return new OutboxRelaySettings(
                bootstrapServers,
                transactionalId,
                DEFAULT_PROGRESS_TOPIC,
                DEFAULT_BATCH_SIZE,
                DEFAULT_POLL_INTERVAL,
                DEFAULT_LEADER_RETRY_INTERVAL,
                DEFAULT_RETENTION,
                Map.of());
    }

    public OutboxRelaySettings withProgressTopic(String topic) {
        return new OutboxRelaySettings(
                bootstrapServers,
                transactionalId,
                topic,
                batchSize,
                pollInterval,
                leaderRetryInterval,
                retention,
                extraProducerProperties);
    }

    public OutboxRelaySettings withBatchSize(int size) {
        return new OutboxRelaySettings(
                bootstrapServers,
                transactionalId,
                progressTopic,
                size,
                pollInterval,
                leaderRetryInterval,
                retention,
                extraProducerProperties);
    }

    public OutboxRelaySettings withPollInterval(Duration interval) {
        return new OutboxRelaySettings(
                bootstrapServers,
                transactionalId,
                progressTopic,
                batchSize,
                interval,
                leaderRetryInterval,
                retention,
                extraProducerProperties);
    }

    public OutboxRelaySettings withLeaderRetryInterval(Duration interval) {
        return new OutboxRelaySettings(
                bootstrapServers,
                transactionalId,
                progressTopic,
                batchSize,
                pollInterval,
                interval,
                retention,
                extraProducerProperties);
    }

    public OutboxRelaySettings withRetention(Duration duration) {
        return new OutboxRelaySettings(
                bootstrapServers,
                transactionalId,
                progressTopic,
                batchSize,
                pollInterval,
                leaderRetryInterval,
                duration,
                extraProducerProperties);
    }

    public OutboxRelaySettings withExtraProducerProperties(Map<String, Object> properties) {
        return new OutboxRelaySettings(
                bootstrapServers,
                transactionalId,
                progressTopic,
                batchSize,
                pollInterval,
                leaderRetryInterval,
                retention,
                properties);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static Duration positive(Duration duration, String name) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + duration);
        }
        return duration;
    }
}
