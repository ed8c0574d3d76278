package dev.flightpipeline.booking;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;

/**
 * A booking with its travelers and segments: one aggregate, saved and loaded as a whole. Immutable;
 * a change is a new value saved over the old one (the version guards against lost updates).
 *
 * @param requestFingerprint hash of the canonical request; the same key with another payload is refused
 * @param expectedTotalAmount the total the user was shown, if the request named it
 * @param submittedBy the booker instance that sent the order to Duffel
 * @param late confirmed by the reconciler after the booker's own call ended without an answer
 * @param nextCheckAt when the reconciler should look at this booking (again); null once terminal
 * @param version null for a booking never saved
 */
public record Booking(
        @Id UUID id,
        String userId,
        String idempotencyKey,
        String requestFingerprint,
        String offerId,
        BookingStatus status,
        String failureCode,
        String failureReason,
        String duffelOrderId,
        String bookingReference,
        BigDecimal totalAmount,
        String totalCurrency,
        Instant offerExpiresAt,
        BigDecimal expectedTotalAmount,
        String expectedTotalCurrency,
        int attempts,
        Instant lastAttemptAt,
        String lastDuffelRequestId,
        String submittedBy,
        boolean late,
        Instant nextCheckAt,
        Instant createdAt,
        Instant updatedAt,
        @Version Long version,

        @MappedCollection(idColumn = "booking_id", keyColumn = "position")
        List<Traveler> travelers,

        @MappedCollection(idColumn = "booking_id", keyColumn = "position")
        List<Segment> segments) {

    public Booking {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(offerId, "offerId");
        Objects.requireNonNull(status, "status");
        travelers = List.copyOf(travelers);
        segments = List.copyOf(segments);
    }

    /**
     * A booking just recorded from a request. If nothing moves it on, the reconciler looks at it
     * after {@code overdueAfter}.
     *
     * @param expectedTotalAmount the total the user was shown, or null if the request named none
     * @param expectedTotalCurrency its currency, or null with it
     */
    public static Booking received(
            UUID id,
            String userId,
            String idempotencyKey,
            String requestFingerprint,
            String offerId,
            BigDecimal expectedTotalAmount,
            String expectedTotalCurrency,
            List<Traveler> travelers,
            Instant receivedAt,
            Duration overdueAfter) {
        return new Booking(
                id,
                userId,
                idempotencyKey,
                requestFingerprint,
                offerId,
                BookingStatus.RECEIVED,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                expectedTotalAmount,
                expectedTotalCurrency,
                0,
                null,
                null,
                null,
                false,
                receivedAt.plus(overdueAfter),
                receivedAt,
                receivedAt,
                null,
                travelers,
                List.of());
    }

    /** Spring Data sets the version after each save. */
    public Booking withVersion(Long version) {
        return with(version, travelers, segments);
    }

    /** The same booking with these travelers and segments. */
    public Booking withTravelersAndSegments(List<Traveler> travelers, List<Segment> segments) {
        return with(version, travelers, segments);
    }

    private Booking with(Long version, List<Traveler> travelers, List<Segment> segments) {
        return new Booking(
                id,
                userId,
                idempotencyKey,
                requestFingerprint,
                offerId,
                status,
                failureCode,
                failureReason,
                duffelOrderId,
                bookingReference,
                totalAmount,
                totalCurrency,
                offerExpiresAt,
                expectedTotalAmount,
                expectedTotalCurrency,
                attempts,
                lastAttemptAt,
                lastDuffelRequestId,
                submittedBy,
                late,
                nextCheckAt,
                createdAt,
                updatedAt,
                version,
                travelers,
                segments);
    }

    /** Passenger data stays out of logs: only identifiers and state. */
    @Override
    public String toString() {
        return "Booking[id=" + id + ", status=" + status + ", offer=" + offerId + ", order=" + duffelOrderId
                + ", version=" + version + "]";
    }
}
