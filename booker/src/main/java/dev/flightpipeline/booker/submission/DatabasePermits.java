package dev.flightpipeline.booker.submission;

import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * How many bookings use the database at once: fewer than the connection pool has connections, so
 * that the request consumer, the outbox relay and the sweep always find one. The others wait here,
 * parked in arrival order and for as long as it takes, instead of inside the pool: thousands of
 * bookings whose Duffel calls answered at once used to wait there, time out after the pool's
 * connection timeout and be given up until the next sweep.
 */
final class DatabasePermits {

    private final Semaphore permits;

    DatabasePermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("database permits must be at least 1, not " + permits);
        }
        this.permits = new Semaphore(permits, true);
    }

    /** Runs {@code work} (one transaction or one read) once a permit is free. */
    <T> T call(Supplier<T> work) throws InterruptedException {
        permits.acquire();
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }

    /** Runs {@code work}, which answers nothing, once a permit is free. */
    void run(Runnable work) throws InterruptedException {
        call(() -> {
            work.run();
            return null;
        });
    }

    /** Bookings waiting for a permit now (an estimate, as the semaphore gives it). */
    int waiting() {
        return permits.getQueueLength();
    }
}
