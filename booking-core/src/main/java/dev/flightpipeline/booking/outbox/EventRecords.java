package dev.flightpipeline.booking.outbox;

import dev.flightpipeline.events.BookingOutcome;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.events.Topics;
import java.util.UUID;

/** Outcome and ops events as outbox rows: topic, key, JSON value and CloudEvents headers. */
public final class EventRecords {

    private EventRecords() {}

    /**
     * @param source the service that decided it, e.g. {@code /booker}
     */
    public static OutboxEvent outcome(UUID eventId, BookingOutcome outcome, String source) {
        String bookingId = outcome.bookingId().toString();
        return new OutboxEvent(
                eventId,
                Topics.BOOKING_OUTCOMES,
                bookingId,
                CloudEvents.type(outcome.getClass()),
                EventJson.write(outcome),
                CloudEvents.headers(eventId, outcome.getClass(), source, outcome.occurredAt(), bookingId));
    }

    public static OutboxEvent ops(UUID eventId, OpsEvent event, String source) {
        return new OutboxEvent(
                eventId,
                Topics.BOOKING_OPS,
                event.key(),
                CloudEvents.type(OpsEvent.class),
                EventJson.write(event),
                CloudEvents.headers(eventId, OpsEvent.class, source, event.occurredAt(), event.key()));
    }
}
