package dev.flightpipeline.booker.submission;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * How many bookings use the database at once: fewer than the connection pool has connections, so
 * that the request consumer, the outbox relay and the sweep always find one. The others wait here,
 * for as long as it takes, instead of inside the pool: thousands of bookings whose Duffel calls
 * answered at once used to wait there, time out after the pool's connection timeout and be given up
 * until the next sweep.
 *
 * <p>A free permit goes to the booking furthest along: one recording Duffel's answer before one
 * starting its submission, and that before one only reading its booking; in arrival order within a
 * step. With thousands of bookings under way, first come first served moved them all one step at a
 * time, as a wave: none finished until all had been read, and no outcome came for minutes.
 */
final class DatabasePermits {

    /** A booking's steps that use the database, the first one first. */
    enum Step {
        READ,
        START,
        RECORD
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Step, Condition> turns = new EnumMap<>(Step.class);
    private final Map<Step, Integer> waiting = new EnumMap<>(Step.class);
    private int free;

    DatabasePermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("database permits must be at least 1, not " + permits);
        }
        this.free = permits;
        for (Step step : Step.values()) {
            turns.put(step, lock.newCondition());
            waiting.put(step, 0);
        }
    }

    /** Runs {@code work} (one transaction or one read) once a permit is free and its turn has come. */
    <T> T call(Step step, Supplier<T> work) throws InterruptedException {
        acquire(step);
        try {
            return work.get();
        } finally {
            release();
        }
    }

    /** Runs {@code work}, which answers nothing, as {@link #call} does. */
    void run(Step step, Runnable work) throws InterruptedException {
        call(step, () -> {
            work.run();
            return null;
        });
    }

    /** Bookings waiting for a permit now. */
    int waiting() {
        lock.lock();
        try {
            return waiting.values().stream().mapToInt(Integer::intValue).sum();
        } finally {
            lock.unlock();
        }
    }

    private void acquire(Step step) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (free == 0 || waiting.get(step) > 0 || laterStepWaiting(step)) {
                try {
                    awaitTurn(step);
                } catch (InterruptedException stopping) {
                    if (free > 0) {
                        signalNext(); // had it been woken, its turn passes on
                    }
                    throw stopping;
                }
            }
            free--;
            if (free > 0) {
                signalNext();
            }
        } finally {
            lock.unlock();
        }
    }

    private void awaitTurn(Step step) throws InterruptedException {
        waiting.merge(step, 1, Integer::sum);
        try {
            turns.get(step).await();
            while (free == 0 || laterStepWaiting(step)) {
                if (free > 0) {
                    signalNext(); // the permit is a later step's
                }
                turns.get(step).await();
            }
        } finally {
            waiting.merge(step, -1, Integer::sum);
        }
    }

    private void release() {
        lock.lock();
        try {
            free++;
            signalNext();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the first booking of the furthest step anyone waits at; the lock is held. */
    private void signalNext() {
        Step[] steps = Step.values();
        for (int i = steps.length - 1; i >= 0; i--) {
            if (waiting.get(steps[i]) > 0) {
                turns.get(steps[i]).signal();
                return;
            }
        }
    }

    private boolean laterStepWaiting(Step step) {
        for (Step later : Step.values()) {
            if (later.compareTo(step) > 0 && waiting.get(later) > 0) {
                return true;
            }
        }
        return false;
    }
}
