package dev.flightpipeline.reconciler;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The reconciler's settings ({@code reconciler.*}).
 *
 * @param sweepInterval the pause between sweeps; a sweep that filled its batch goes on at once
 * @param batchSize bookings claimed at once
 * @param maxInFlight bookings of a batch checked on Duffel at once
 * @param lease how long a claimed booking is kept from other reconcilers while it is checked: longer
 *     than a check takes (a few Duffel calls), short enough that a stopped reconciler's bookings come
 *     back soon
 * @param closeGrace how long after a booking's offer expired an order may still show up on Duffel;
 *     a booking with no order after that is closed as failed
 * @param firstBackoff the wait after the first check that found nothing; it doubles with each
 *     further check, up to {@code maxBackoff}
 * @param duffelErrorPause how long a booking waits when Duffel could not be asked (an error, a
 *     timeout); a 429 waits until Duffel's rate-limit reset instead
 * @param ordersPageSize orders read per page of Duffel's order list (1 to 200)
 */
@ConfigurationProperties("reconciler")
public record ReconcilerProperties(
        @DefaultValue("10s") Duration sweepInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("16") int maxInFlight,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("10m") Duration closeGrace,
        @DefaultValue("15s") Duration firstBackoff,
        @DefaultValue("5m") Duration maxBackoff,
        @DefaultValue("30s") Duration duffelErrorPause,
        @DefaultValue("50") int ordersPageSize) {

    public ReconcilerProperties {
        positive("reconciler.sweep-interval", sweepInterval);
        atLeast("reconciler.batch-size", batchSize, 1);
        atLeast("reconciler.max-in-flight", maxInFlight, 1);
        positive("reconciler.lease", lease);
        if (closeGrace == null || closeGrace.isNegative()) {
            throw new IllegalArgumentException("reconciler.close-grace must be zero or positive, not " + closeGrace);
        }
        positive("reconciler.first-backoff", firstBackoff);
        positive("reconciler.max-backoff", maxBackoff);
        positive("reconciler.duffel-error-pause", duffelErrorPause);
        atLeast("reconciler.orders-page-size", ordersPageSize, 1);
        if (ordersPageSize > 200) {
            throw new IllegalArgumentException(
                    "reconciler.orders-page-size must be at most 200, not " + ordersPageSize);
        }
    }

    /** The wait before the next check of a booking already checked {@code checks} times without an answer. */
    public Duration backoffAfter(int checks) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(Math.max(checks, 0), 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private static void atLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", not " + value);
        }
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }
}
