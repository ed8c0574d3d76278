package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.pipeline.PipelineBenchmark.say;

import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.OutcomeCounter;
import dev.flightpipeline.benchmarks.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Takes a {@link Sample} of the run every 5 s since its start, and at each phase's end, and prints it. */
final class PipelineProgress {

    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /** How often a phase's condition is checked: it may ask the database. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    static final String LEGEND = "Every " + SAMPLE_EVERY.toSeconds() + " s: requests offered so far, accepted"
            + " (the gateway's 202 or 201 answers, or the broker's acknowledgements), in flight (sent, no answer"
            + " yet), recorded by the booker, confirmed (BookingConfirmed events read, read_committed) so far,"
            + " in the interval and per second, failed; and the cores each process used in the interval.";

    /**
     * One look at the run.
     *
     * @param recorded bookings in the database, any status
     * @param confirmed BookingConfirmed events read so far
     * @param failed BookingFailed events read so far
     */
    record Sample(
            Instant at,
            String phase,
            long offered,
            long accepted,
            long inFlight,
            long recorded,
            long confirmed,
            long failed,
            ProcessCpu cpu) {}

    private final Intake intake;
    private final OutcomeCounter outcomes;
    private final BookingDatabase database;
    private final Map<String, ServiceProcess> services;
    private final long postmasterPid;
    private final Instant startedAt;
    private final List<Sample> samples = new ArrayList<>();

    PipelineProgress(
            Intake intake,
            OutcomeCounter outcomes,
            BookingDatabase database,
            Map<String, ServiceProcess> services,
            Instant startedAt) {
        this.intake = intake;
        this.outcomes = outcomes;
        this.database = database;
        this.services = services;
        this.postmasterPid = database.postmasterPid();
        this.startedAt = startedAt;
    }

    /** Samples until {@code end}, and once at it: a window's edges are samples. */
    Sample sampleUntil(Instant end, String phase) throws InterruptedException {
        sampleWhile(() -> Instant.now().isBefore(end), phase, end);
        if (samples.isEmpty() || samples.getLast().at().isBefore(end)) {
            take(phase);
        }
        return samples.getLast();
    }

    /** Samples while {@code condition} holds, and once when it stops holding. */
    Sample sampleWhile(BooleanSupplier condition, String phase) throws InterruptedException {
        sampleWhile(condition, phase, null);
        return take(phase);
    }

    private void sampleWhile(BooleanSupplier condition, String phase, Instant end) throws InterruptedException {
        while (condition.getAsBoolean()) {
            services.forEach((name, service) -> {
                if (!service.isAlive()) {
                    throw new IllegalStateException("the " + name + " process died; see " + service.log());
                }
            });
            long sinceStart = Duration.between(startedAt, Instant.now()).toMillis();
            long step = SAMPLE_EVERY.toMillis();
            Instant nextTick = startedAt.plusMillis((sinceStart / step + 1) * step);
            Instant wakeAt = end != null && end.isBefore(nextTick) ? end : nextTick;
            while (condition.getAsBoolean() && Instant.now().isBefore(wakeAt)) {
                TimeUnit.MILLISECONDS.sleep(Math.min(
                        CHECK_EVERY.toMillis(),
                        Math.max(1, Duration.between(Instant.now(), wakeAt).toMillis())));
            }
            if (!Instant.now().isBefore(wakeAt)) {
                take(phase);
            }
        }
    }

    /** Now, as a sample: the CPU of every service, this harness and PostgreSQL. */
    ProcessCpu cpuNow() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((name, service) -> pids.put(name, service.pid()));
        return ProcessCpu.take(pids, postmasterPid);
    }

    private Sample take(String phase) {
        Map<String, Long> statuses = database.countByStatus();
        Sample sample = new Sample(
                Instant.now(),
                phase,
                intake.offered(),
                intake.accepted(),
                intake.inFlight(),
                statuses.values().stream().mapToLong(Long::longValue).sum(),
                outcomes.confirmed(),
                outcomes.failed(),
                cpuNow());
        Sample previous = samples.isEmpty() ? null : samples.getLast();
        samples.add(sample);
        // A phase that ends just after a sample adds one at its end: too short an interval to print.
        if (previous != null && Duration.between(previous.at(), sample.at()).toMillis() >= 1000) {
            print(sample, previous);
        }
        return sample;
    }

    private void print(Sample now, Sample previous) {
        double seconds =
                Math.max(1e-3, Duration.between(previous.at(), now.at()).toMillis() / 1000.0);
        long confirmed = now.confirmed() - previous.confirmed();
        ProcessCpu.Cores cores = now.cpu().coresSince(previous.cpu());
        say(
                "[%-8s %4ds] offered %7d  accepted %7d  in flight %5d  recorded %7d  confirmed %7d (+%6d, %6.1f/s)"
                        + "  failed %5d  CPU %s machine %3.0f%%",
                now.phase(),
                Duration.between(startedAt, now.at()).toSeconds(),
                now.offered(),
                now.accepted(),
                now.inFlight(),
                now.recorded(),
                now.confirmed(),
                confirmed,
                confirmed / seconds,
                now.failed(),
                cores.describe(),
                cores.machineBusyShare() * 100);
    }

    /** Samples taken after {@code from}, up to and including {@code to}. */
    List<Sample> between(Instant from, Instant to) {
        return samples.stream()
                .filter(sample -> sample.at().isAfter(from) && !sample.at().isAfter(to))
                .toList();
    }
}
