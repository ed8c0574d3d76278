package dev.flightpipeline.booking.outbox;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * An event to publish, written to the outbox in the transaction of the change it reports.
 *
 * @param eventId unique; appending the same id twice publishes it once
 * @param type the event's {@code ce_type}
 * @param payload the record value, JSON
 * @param headers the record headers (the CloudEvents attributes)
 */
public record OutboxEvent(
        UUID eventId, String topic, String key, String type, String payload, Map<String, String> headers) {

    public OutboxEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }
}
