package dev.flightpipeline.booker.submission;

import java.util.Arrays;
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

    private static final Step[] STEPS = Step.values();

    private final ReentrantLock lock = new ReentrantLock();
    /** By step ordinal: where its bookings wait, and how many do. */
    private final Condition[] turns = new Condition[STEPS.length];

    private final int[] waiting = new int[STEPS.length];
    private int free;

    DatabasePermits(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException("database permits must be at least 1, not " + permits);
        }
        this.free = permits;
        for (int i = 0; i < turns.length; i++) {
            turns[i] = lock.newCondition();
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
            return Arrays.stream(waiting).sum();
        } finally {
            lock.unlock();
        }
    }

    private void acquire(Step step) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            if (free == 0 || waiting[step.ordinal()] > 0 || laterStepWaiting(step)) {
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
        Condition turn = turns[step.ordinal()];
        waiting[step.ordinal()]++;
        try {
            turn.await();
            while (free == 0 || laterStepWaiting(step)) {
                if (free > 0) {
                    signalNext(); // the permit is a later step's
                }
                turn.await();
            }
        } finally {
            waiting[step.ordinal()]--;
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
        for (int i = STEPS.length - 1; i >= 0; i--) {
            if (waiting[i] > 0) {
                turns[i].signal();
                return;
            }
        }
    }

    private boolean laterStepWaiting(Step step) {
        for (int later = step.ordinal() + 1; later < waiting.length; later++) {
            if (waiting[later] > 0) {
                return true;
            }
        }
        return false;
    }
}
