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

    /** Counts one request against the window. */
    synchronized Verdict take(int limitPerSecond) {
        roll();
        used++;
        return verdict(limitPerSecond, used <= limitPerSecond || limitPerSecond == 0);
    }

    /** The headers for a request that is refused before it counts (bad headers). */
    synchronized Verdict peek(int limitPerSecond) {
        roll();
        return verdict(limitPerSecond, true);
    }

    synchronized void reset() {
        windowSecond = -1;
        used = 0;
    }

    private void roll() {
        long second = clock.instant().getEpochSecond();
        if (second != windowSecond) {
            windowSecond = second;
            used = 0;
        }
    }

    private Verdict verdict(int limitPerSecond, boolean allowed) {
        int limit = limitPerSecond == 0 ? UNLIMITED_REPORTED : limitPerSecond;
        return new Verdict(allowed, limit, Math.max(0, limit - used), Instant.ofEpochSecond(windowSecond + 1));
    }
}
