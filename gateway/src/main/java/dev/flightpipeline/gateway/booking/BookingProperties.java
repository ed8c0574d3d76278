package dev.flightpipeline.gateway.booking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's booking settings ({@code gateway.booking.*}).
 *
 * @param outcomeWait how long create-order waits for the booking's outcome before answering "timed out"
 * @param idempotencyRetention how long an Idempotency-Key is remembered; after that it is new again
 * @param maxStatusWait the longest {@code ?wait=} a status request may ask for
 * @param publishTimeout how long handing a request to Kafka may take before the answer is 503
 * @param inProgressRetryAfter the {@code Retry-After} of a "request in progress" answer
 */
@ConfigurationProperties("gateway.booking")
public record BookingProperties(
        @DefaultValue("30s") Duration outcomeWait,
        @DefaultValue("24h") Duration idempotencyRetention,
        @DefaultValue("60s") Duration maxStatusWait,
        @DefaultValue("5s") Duration publishTimeout,
        @DefaultValue("2s") Duration inProgressRetryAfter) {

    public BookingProperties {
        positive("gateway.booking.outcome-wait", outcomeWait);
        positive("gateway.booking.idempotency-retention", idempotencyRetention);
        positive("gateway.booking.max-status-wait", maxStatusWait);
        positive("gateway.booking.publish-timeout", publishTimeout);
        positive("gateway.booking.in-progress-retry-after", inProgressRetryAfter);
        if (idempotencyRetention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException(
                    "gateway.booking.idempotency-retention must be at least 24h (http-api.md), not "
                            + idempotencyRetention);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }
}
