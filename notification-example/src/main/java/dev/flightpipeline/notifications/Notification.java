package dev.flightpipeline.notifications;

import dev.flightpipeline.events.BookingOutcome;
import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingOutcome.BookingPending;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import java.util.Map;
import java.util.Optional;

/**
 * What a notification service would tell the user about one record of {@code booking.outcomes}:
 * the record's {@code ce_type} header names the event, its value is the event's JSON. Only the
 * decided outcomes are worth a notification; a pending one is followed by its decision.
 */
final class Notification {

    private static final Map<String, Class<? extends BookingOutcome>> TYPES = Map.of(
            CloudEvents.type(BookingConfirmed.class), BookingConfirmed.class,
            CloudEvents.type(BookingFailed.class), BookingFailed.class,
            CloudEvents.type(BookingPending.class), BookingPending.class,
            CloudEvents.type(BookingRequestRejected.class), BookingRequestRejected.class);

    private Notification() {}

    /** The line to send, or empty for an event that needs none (or a type this consumer does not know). */
    static Optional<String> of(String ceType, byte[] value) {
        Class<? extends BookingOutcome> type = ceType == null ? null : TYPES.get(ceType);
        if (type == null || value == null) {
            return Optional.empty(); // a newer event type: consumers skip what they do not know
        }
        return switch (EventJson.read(value, type)) {
            case BookingConfirmed confirmed ->
                Optional.of("booking confirmed for " + confirmed.userId() + ": PNR " + confirmed.bookingReference()
                        + " (booking " + confirmed.bookingId() + (confirmed.late() ? ", confirmed late" : "") + ")");
            case BookingFailed failed ->
                Optional.of("booking failed for " + failed.userId() + ": " + failed.reason() + " (booking "
                        + failed.bookingId() + ")");
            case BookingPending pending -> Optional.empty();
            case BookingRequestRejected rejected -> Optional.empty(); // the gateway told the user at once
        };
    }
}
