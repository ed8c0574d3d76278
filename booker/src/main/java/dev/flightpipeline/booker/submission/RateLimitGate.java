package dev.flightpipeline.booker.submission;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Duffel's rate limit, shared by every call: after a 429 no new call starts before the reset time
 * it named. Calls wait here (on virtual threads, so waiting costs no platform thread).
 */
public final class RateLimitGate {

    private final Clock clock;
    private final AtomicReference<Instant> closedUntil = new AtomicReference<>(Instant.EPOCH);

    public RateLimitGate(Clock clock) {
        this.clock = clock;
    }

    /**
     * Closes the gate until {@code resetAt} (a later time than now wins).
     *
     * @return true if the gate was open until now: the first 429 of a wave
     */
    public boolean closeUntil(Instant resetAt) {
        Instant now = clock.instant();
        Instant before =
                closedUntil.getAndAccumulate(resetAt, (current, next) -> next.isAfter(current) ? next : current);
        return !before.isAfter(now);
    }

    /** Returns at once when the gate is open, else when it opens. */
    public void awaitOpen() throws InterruptedException {
        while (true) {
            Duration wait = Duration.between(clock.instant(), closedUntil.get());
            if (wait.isNegative() || wait.isZero()) {
                return;
            }
            Thread.sleep(wait);
        }
    }

    public boolean isOpen() {
        return !closedUntil.get().isAfter(clock.instant());
    }
}
