package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.pipeline.PipelineBenchmark.say;

import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.OutcomeCounter;
import dev.flightpipeline.benchmarks.PeriodicSampler;
import dev.flightpipeline.benchmarks.ServiceProcess;
import dev.flightpipeline.benchmarks.accept.Latencies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

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

    /**
     * The run as a CSV for {@code scripts/plot-run}, a line per interval between samples: confirmed
     * bookings/s, requests in flight, and the p50 and p99 latency of the answers given in the
     * interval (empty without any, as straight into Kafka).
     */
    void writeTimeline(Path csv, AnswerLatencies latencies) throws IOException {
        StringBuilder lines =
                new StringBuilder("seconds,phase,confirmed_per_second,in_flight,latency_p50_ms,latency_p99_ms\n");
        List<Sample> samples = samples();
        for (int i = 1; i < samples.size(); i++) {
            Sample from = samples.get(i - 1);
            Sample to = samples.get(i);
            double seconds = Duration.between(from.at(), to.at()).toMillis() / 1000.0;
            if (seconds < 1) {
                continue; // as in the progress lines: a phase's end just after a sample
            }
            Optional<Latencies> answered = latencies.answeredBetween(from.at(), to.at());
            lines.append(String.format(
                    Locale.ROOT,
                    "%d,%s,%.1f,%d,%s,%s%n",
                    Duration.between(startedAt(), to.at()).toSeconds(),
                    to.phase(),
                    (to.confirmed() - from.confirmed()) / seconds,
                    to.inFlight(),
                    answered.map(latency -> String.format(Locale.ROOT, "%.1f", latency.p50()))
                            .orElse(""),
                    answered.map(latency -> String.format(Locale.ROOT, "%.1f", latency.p99()))
                            .orElse("")));
        }
        Files.writeString(csv, lines);
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
