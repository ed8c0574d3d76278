package dev.flightpipeline.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A user asks to book an offer: published by a gateway on {@link Topics#BOOKING_REQUESTS} with the
 * key {@link #key()}.
 *
 * @param bookingId chosen by the gateway; the booking's id if this request creates one
 * @param requestFingerprint hash of the canonical request body: the same key with another
 *     fingerprint is refused as {@code idempotency_key_reused}
 * @param expectedTotal the total the user was shown, if known: a different current price fails
 *     the booking as {@code price_changed}; null to pay the offer's current total
 */
public record BookingRequested(
        UUID bookingId,
        String userId,
        String idempotencyKey,
        String requestFingerprint,
        String offerId,
        List<Passenger> passengers,
        Money expectedTotal,
        Instant requestedAt) {

    /** The record key: {@code <user id>:<idempotency key>}. */
    public String key() {
        return key(userId, idempotencyKey);
    }

    public static String key(String userId, String idempotencyKey) {
        return userId + ":" + idempotencyKey;
    }
}
