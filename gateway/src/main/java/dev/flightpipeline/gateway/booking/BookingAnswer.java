package dev.flightpipeline.gateway.booking;

import java.util.UUID;

/**
 * One answer of the booking endpoints, ready to send and to store for replay: the status, the body
 * as JSON text (byte for byte what a replay sends again), and the booking it is about.
 *
 * @param bookingId the booking the answer is about, for the {@code Location} header; null when
 *     there is none
 */
record BookingAnswer(int status, String body, UUID bookingId, Long retryAfterSeconds) {

    boolean isProblem() {
        return status >= 400;
    }

    /** Whether the answer is final for its Idempotency-Key; a 202 is not: a replay looks at the booking again. */
    boolean decided() {
        return status != 202;
    }
}
