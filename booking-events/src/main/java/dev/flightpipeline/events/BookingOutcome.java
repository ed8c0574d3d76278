package dev.flightpipeline.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What became of a booking request, on {@link Topics#BOOKING_OUTCOMES} keyed by booking id. Each
 * booking gets exactly one terminal event ({@link BookingConfirmed} or {@link BookingFailed}),
 * possibly after one {@link BookingPending}. A request that did not become a booking gets a {@link
 * BookingRequestRejected}. Every event names the request's user and idempotency key, so a gateway
 * can answer the HTTP request that waits for it.
 */
public sealed interface BookingOutcome {

    UUID bookingId();

    String userId();

    String idempotencyKey();

    Instant occurredAt();

    /**
     * Duffel created the order.
     *
     * @param late found by the reconciler after the booker's own call ended without an answer
     */
    record BookingConfirmed(
            UUID bookingId,
            String userId,
            String idempotencyKey,
            String offerId,
            String duffelOrderId,
            String bookingReference,
            Money total,
            boolean late,
            List<FlightSegment> segments,
            Instant occurredAt)
            implements BookingOutcome {}

    /**
     * No order exists and none will: the booking is closed.
     *
     * @param reason a {@link FailureReason} code
     * @param currentTotal the offer's price now, with {@code price_changed}; otherwise null
     */
    record BookingFailed(
            UUID bookingId,
            String userId,
            String idempotencyKey,
            String offerId,
            String reason,
            String message,
            Money currentTotal,
            Instant occurredAt)
            implements BookingOutcome {}

    /**
     * The Duffel call ended without a clear answer (a timeout, a 5xx, a reset, a 202): the order may
     * exist. The reconciler finds out; a terminal event follows.
     *
     * @param reason {@code duffel_accepted} (a 202), {@code duffel_no_answer} (a timeout, a reset, a 500
     *     or 502) or {@code booker_restarted} (the booker stopped while the order was being sent)
     */
    record BookingPending(
            UUID bookingId, String userId, String idempotencyKey, String offerId, String reason, Instant occurredAt)
            implements BookingOutcome {}

    /**
     * A request that did not become a booking.
     *
     * @param bookingId the id the request proposed; no booking has it
     * @param reason {@code idempotency_key_reused} (the key's booking was asked with another payload),
     *     {@code offer_already_booked} (another user's booking holds the offer) or {@code
     *     offer_booked_by_you} (this user's booking under another key holds it)
     * @param existingBookingId the booking that holds the key or, for {@code offer_booked_by_you},
     *     the offer; null for another user's booking
     */
    record BookingRequestRejected(
            UUID bookingId,
            String userId,
            String idempotencyKey,
            String offerId,
            String reason,
            UUID existingBookingId,
            Instant occurredAt)
            implements BookingOutcome {}
}
