package dev.flightpipeline.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Something an operator watches, on {@link Topics#BOOKING_OPS} keyed by booking id or, when no
 * booking is concerned, by component. Never carries passenger data.
 *
 * @param kind what happened: {@code outcome_unknown}, {@code duffel_error}, {@code rate_limited},
 *     {@code request_dead_lettered}, {@code submission_interrupted}, and the reconciler's kinds
 * @param bookingId the booking concerned, or null
 * @param component the service that saw it, e.g. {@code booker}
 * @param detail one line for a person
 * @param attributes machine-readable details, e.g. {@code duffel_request_id}, {@code status}
 */
public record OpsEvent(
        String kind,
        UUID bookingId,
        String component,
        String detail,
        Map<String, String> attributes,
        Instant occurredAt) {

    public OpsEvent {
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }

    /** The record key: the booking id, or the component when there is none. */
    public String key() {
        return bookingId != null ? bookingId.toString() : component;
    }
}
