package dev.flightpipeline.benchmarks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Takes a sample of a benchmark run on every whole step since its start, phase after phase, and
 * keeps them: what a benchmark prints as progress and measures its window between.
 *
 * @param <S> one look at the run
 */
public abstract class PeriodicSampler<S extends PeriodicSampler.Timed> {

    /** A sample knows when it was taken. */
    public interface Timed {
        Instant at();
    }

    private final Instant startedAt;
    private final Duration step;
    private final Duration checkEvery;
    private final List<S> samples = new ArrayList<>();

    /**
     * @param step how far apart samples are, on whole steps since {@code startedAt}
     * @param checkEvery how often, within a step, a phase's condition is asked again: a step if the
     *     condition is cheap to miss by a step, less if a phase should end soon after it stops holding
     */
    protected PeriodicSampler(Instant startedAt, Duration step, Duration checkEvery) {
        this.startedAt = startedAt;
        this.step = step;
        this.checkEvery = checkEvery;
    }

    /** Looks at the run now; the sample is kept and {@link #taken} is told of it. */
    protected abstract S look(String phase);

    /** Throws when a process of the run has died: nothing more is worth sampling. */
    protected abstract void checkRunning();

    /** Told of each sample once kept, with the one before it (null for the first): to print it. */
    protected void taken(S sample, S previous) {}

    public Instant startedAt() {
        return startedAt;
    }

    /** Samples until {@code end}, and once at it: a window's edges are samples. */
    public S sampleUntil(Instant end, String phase) throws InterruptedException {
        sampleWhile(() -> Instant.now().isBefore(end), phase, end);
        if (samples.isEmpty() || samples.getLast().at().isBefore(end)) {
            take(phase);
        }
        return samples.getLast();
    }

    /** Samples on each step while {@code condition} holds. */
    public void sampleWhile(BooleanSupplier condition, String phase) throws InterruptedException {
        sampleWhile(condition, phase, null);
    }

    private void sampleWhile(BooleanSupplier condition, String phase, Instant end) throws InterruptedException {
        while (condition.getAsBoolean()) {
            checkRunning();
            long sinceStart = Duration.between(startedAt, Instant.now()).toMillis();
            Instant nextStep = startedAt.plusMillis((sinceStart / step.toMillis() + 1) * step.toMillis());
            Instant wakeAt = end != null && end.isBefore(nextStep) ? end : nextStep;
            long waitMillis;
            while ((waitMillis = Duration.between(Instant.now(), wakeAt).toMillis()) > 0) {
                TimeUnit.MILLISECONDS.sleep(Math.min(checkEvery.toMillis(), waitMillis));
                if (!condition.getAsBoolean()) {
                    return;
                }
            }
            take(phase);
        }
    }

    private void take(String phase) {
        S previous = samples.isEmpty() ? null : samples.getLast();
        S sample = look(phase);
        samples.add(sample);
        taken(sample, previous);
    }

    /** Every sample so far, oldest first. */
    protected List<S> samples() {
        return samples;
    }

    /** Samples taken after {@code from}, up to and including {@code to}. */
    public List<S> between(Instant from, Instant to) {
        return samples.stream()
                .filter(sample -> sample.at().isAfter(from) && !sample.at().isAfter(to))
                .toList();
    }
}
