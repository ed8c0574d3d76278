package dev.flightpipeline.booker;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The booker's settings ({@code booker.*}).
 *
 * @param instanceId this instance's name, stable across its restarts and unique among running
 *     bookers: its SUBMITTING bookings are its own to recover, and its Kafka transactional ids
 *     derive from it
 * @param maxInFlight Duffel bookings under way at once
 * @param maxQueued bookings under way (calling Duffel or waiting for a call slot) before the request
 *     consumer slows down; by default the in-flight limit and {@value #READY_TO_START} more, enough
 *     to fill call slots as they free. More would only hold bookings in the booker's memory (a
 *     virtual thread each) that wait as well in Kafka, where they cost nothing
 * @param maxWaitingForDatabase bookings waiting for the database (for one of the pool's connections
 *     the booker lets its bookings use) before the request consumer slows down (default {@value
 *     #DEFAULT_MAX_WAITING_FOR_DATABASE}): past that, the database and not Duffel is what limits the
 *     booker, and a request taken in would only wait longer, in memory; enough to keep every
 *     connection busy between two polls
 * @param shutdownGrace how long a stopping booker lets its calls in flight finish; those still
 *     running then are recovered as UNKNOWN at the next start
 * @param maxAttempts calls for one booking when Duffel answers "later" (503, 504, 5xx on reading the
 *     offer) before it is given up
 * @param firstBackoff the wait before the second call; it doubles up to {@code maxBackoff}
 * @param receivedSweepInterval how often RECEIVED bookings nobody is working on are picked up
 */
@ConfigurationProperties("booker")
public record BookerProperties(
        @DefaultValue("booker-1") String instanceId,
        @DefaultValue("5000") int maxInFlight,
        Integer maxQueued,
        @DefaultValue("" + DEFAULT_MAX_WAITING_FOR_DATABASE) int maxWaitingForDatabase,
        @DefaultValue("30s") Duration shutdownGrace,
        @DefaultValue("5") int maxAttempts,
        @DefaultValue("1s") Duration firstBackoff,
        @DefaultValue("30s") Duration maxBackoff,
        @DefaultValue("30s") Duration receivedSweepInterval) {

    /** Bookings ready to start beyond the calls in flight, when {@code booker.max-queued} is not set. */
    public static final int READY_TO_START = 1000;

    public static final int DEFAULT_MAX_WAITING_FOR_DATABASE = 200;

    public BookerProperties {
        if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "booker.instance-id must be 1-100 letters, digits, '.', '_' or '-', not '" + instanceId + "'");
        }
        atLeast("booker.max-in-flight", maxInFlight, 1);
        if (maxQueued == null) {
            maxQueued = maxInFlight + READY_TO_START;
        }
        if (maxQueued < maxInFlight) {
            throw new IllegalArgumentException("booker.max-queued must be at least booker.max-in-flight (" + maxInFlight
                    + "), not " + maxQueued + ": fewer would leave call slots empty");
        }
        atLeast("booker.max-waiting-for-database", maxWaitingForDatabase, 1);
        atLeast("booker.max-attempts", maxAttempts, 1);
        positive("booker.shutdown-grace", shutdownGrace);
        positive("booker.first-backoff", firstBackoff);
        positive("booker.max-backoff", maxBackoff);
        positive("booker.received-sweep-interval", receivedSweepInterval);
    }

    /** The wait before call number {@code attempt + 1}. */
    public Duration backoffAfter(int attempt) {
        Duration wait = firstBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
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
