package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.pipeline.PipelineBenchmark.say;

import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.OutcomeCounter;
import dev.flightpipeline.benchmarks.PeriodicSampler;
import dev.flightpipeline.benchmarks.ServiceProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Takes a {@link Sample} of the run every 5 s since its start, and at each phase's end, and prints it. */
final class PipelineProgress extends PeriodicSampler<PipelineProgress.Sample> {

    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);
    /** How often a phase's condition is checked: it may ask the database. */
    static final Duration CHECK_EVERY = Duration.ofMillis(500);

    static final String LEGEND = "Every " + SAMPLE_EVERY.toSeconds() + " s: requests offered so far, accepted"
            + " (the gateway's 202 or 201 answers, or the broker's acknowledgements), in flight (sent, no answer"
            + " yet), recorded by the booker (PostgreSQL's count of inserts, up to a second late), confirmed (BookingConfirmed events read, read_committed) so far,"
            + " in the interval and per second, failed; and the cores each process used in the interval.";

    /**
     * One look at the run.
     *
     * @param recorded bookings the booker has inserted, by PostgreSQL's statistics (up to a second late)
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
            ProcessCpu cpu)
            implements PeriodicSampler.Timed {}

    private final Intake intake;
    private final OutcomeCounter outcomes;
    private final BookingDatabase database;
    private final Map<String, ServiceProcess> services;
    private final long postmasterPid;

    PipelineProgress(
            Intake intake,
            OutcomeCounter outcomes,
            BookingDatabase database,
            Map<String, ServiceProcess> services,
            Instant startedAt) {
        super(startedAt, SAMPLE_EVERY, CHECK_EVERY);
        this.intake = intake;
        this.outcomes = outcomes;
        this.database = database;
        this.services = services;
        this.postmasterPid = database.postmasterPid();
    }

    @Override
    protected void checkRunning() {
        services.forEach((name, service) -> {
            if (!service.isAlive()) {
                throw new IllegalStateException("the " + name + " process died; see " + service.log());
            }
        });
    }

    /** Now, as a sample: the CPU of every service, this harness and PostgreSQL. */
    ProcessCpu cpuNow() {
        Map<String, Long> pids = new LinkedHashMap<>();
        services.forEach((name, service) -> pids.put(name, service.pid()));
        return ProcessCpu.take(pids, postmasterPid);
    }

    @Override
    protected Sample look(String phase) {
        return new Sample(
                Instant.now(),
                phase,
                intake.offered(),
                intake.accepted(),
                intake.inFlight(),
                database.recordedSoFar(),
                outcomes.confirmed(),
                outcomes.failed(),
                cpuNow());
    }

    @Override
    protected void taken(Sample sample, Sample previous) {
        // A phase that ends just after a sample adds one at its end: too short an interval to print.
        if (previous != null && Duration.between(previous.at(), sample.at()).toMillis() >= 1000) {
            print(sample, previous);
        }
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
                Duration.between(startedAt(), now.at()).toSeconds(),
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
}
