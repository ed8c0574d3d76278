package dev.flightpipeline.outbox;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to publish to Kafka once the transaction that writes it commits.
 *
 * @param eventId unique per event: appending the same id twice stores and publishes it once
 * @param topic the Kafka topic it goes to
 * @param key the Kafka record key (decides the partition, and so the order consumers see)
 * @param type what happened, e.g. {@code booking.confirmed}; stored for queries and support
 * @param payload the record value, JSON text (stored as {@code json}: published byte for byte)
 * @param headers sent as Kafka record headers, UTF-8 (e.g. CloudEvents {@code ce_id}, {@code ce_type})
 */
public record OutboxEvent(
        UUID eventId, String topic, String key, String type, String payload, Map<String, String> headers) {

    public OutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        requireText(topic, "topic");
        Objects.requireNonNull(key, "key");
        requireText(type, "type");
        requireText(payload, "payload");
        // Map.copyOf also refuses null names and values.
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
    }

    /** An event without headers. */
    public OutboxEvent(UUID eventId, String topic, String key, String type, String payload) {
        this(eventId, topic, key, type, payload, Map.of());
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
