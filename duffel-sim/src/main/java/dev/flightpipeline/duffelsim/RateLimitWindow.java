package dev.flightpipeline.duffelsim;

import java.time.Clock;
import java.time.Instant;

/** A fixed one-second window of allowed requests, and the {@code ratelimit-*} headers it implies. */
final class RateLimitWindow {

    /** What one request learns: whether it may go on, and the headers to send. */
    record Verdict(boolean allowed, int limit, int remaining, Instant resetAt) {}

    /** Reported as the limit when none is configured, like a generous real account. */
    static final int UNLIMITED_REPORTED = 1000;

    private final Clock clock;
    private long windowSecond = -1;
    private int used;

    RateLimitWindow(Clock clock) {
        this.clock = clock;
    }

    synchronized Verdict take(int limitPerSecond) {
        Instant now = clock.instant();
        long second = now.getEpochSecond();
        if (second != windowSecond) {
            windowSecond = second;
            used = 0;
        }
        used++;
        Instant resetAt = Instant.ofEpochSecond(second + 1);
        if (limitPerSecond == 0) {
            return new Verdict(true, UNLIMITED_REPORTED, Math.max(0, UNLIMITED_REPORTED - used), resetAt);
        }
        return new Verdict(used <= limitPerSecond, limitPerSecond, Math.max(0, limitPerSecond - used), resetAt);
    }
}
