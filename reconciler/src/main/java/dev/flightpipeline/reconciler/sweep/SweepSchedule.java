package dev.flightpipeline.reconciler.sweep;

import dev.flightpipeline.reconciler.ReconcilerProperties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the sweep on one thread while the application runs: a sweep whose batch was full goes on at
 * once (there is more due), otherwise the next starts {@code reconciler.sweep-interval} later.
 */
public final class SweepSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SweepSchedule.class);

    private final UnknownOutcomeSweep sweep;
    private final ReconcilerProperties settings;
    private volatile ScheduledExecutorService thread;

    public SweepSchedule(UnknownOutcomeSweep sweep, ReconcilerProperties settings) {
        this.sweep = sweep;
        this.settings = settings;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        thread = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("reconciler-sweep").daemon().factory());
        thread.scheduleWithFixedDelay(
                this::sweepWhileFull, 0, settings.sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sweepWhileFull() {
        try {
            while (isRunning() && sweep.sweepOnce() >= settings.batchSize()) {
                // A full batch: more bookings are due.
            }
        } catch (RuntimeException e) {
            // The database may be away: the next sweep tries again.
            log.warn("A reconciler sweep failed", e);
        }
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService stopping = thread;
        thread = null;
        if (stopping == null) {
            return;
        }
        stopping.shutdown();
        try {
            if (!stopping.awaitTermination(10, TimeUnit.SECONDS)) {
                // Claimed bookings not checked come back when their lease runs out.
                stopping.shutdownNow();
            }
        } catch (InterruptedException e) {
            stopping.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
