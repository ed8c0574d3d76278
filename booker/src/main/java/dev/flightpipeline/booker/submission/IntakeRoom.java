package dev.flightpipeline.booker.submission;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Whether the request consumer may hand over more bookings: while fewer than {@code maxUnderWay}
 * are under way and fewer than {@code maxWaitingForDatabase} wait for the database. The first
 * limit is what Duffel absorbs; the second is what the database does when Duffel answers fast.
 * Without it thousands of bookings waited for a connection, each a parked virtual thread: seconds
 * longer per booking, and the booker's heap full of them, where a request waits as well in Kafka.
 */
final class IntakeRoom {

    /** The longest wait between two looks, as the database's queue shortens without a signal. */
    private static final long LOOK_AGAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final int maxUnderWay;
    private final int maxWaitingForDatabase;
    private final IntSupplier underWay;
    private final IntSupplier waitingForDatabase;
    private final Object bookingEnded = new Object();

    IntakeRoom(int maxUnderWay, int maxWaitingForDatabase, IntSupplier underWay, IntSupplier waitingForDatabase) {
        this.maxUnderWay = maxUnderWay;
        this.maxWaitingForDatabase = maxWaitingForDatabase;
        this.underWay = underWay;
        this.waitingForDatabase = waitingForDatabase;
    }

    /**
     * Waits, at most {@code maxWait}, until there is room.
     *
     * @return false if there is still none
     */
    boolean await(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        synchronized (bookingEnded) {
            while (free() == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(bookingEnded, Math.min(left, LOOK_AGAIN_NANOS));
            }
        }
        return true;
    }

    /** How many more bookings may be handed over now: none while the database is behind. */
    int free() {
        if (waitingForDatabase.getAsInt() >= maxWaitingForDatabase) {
            return 0;
        }
        return Math.max(0, maxUnderWay - underWay.getAsInt());
    }

    /** A booking has finished: a waiting consumer looks again now. */
    void bookingEnded() {
        synchronized (bookingEnded) {
            bookingEnded.notifyAll();
        }
    }
}
