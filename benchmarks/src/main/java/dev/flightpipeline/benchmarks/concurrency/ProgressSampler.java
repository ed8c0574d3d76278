package dev.flightpipeline.benchmarks.concurrency;

import static dev.flightpipeline.benchmarks.concurrency.ConcurrencyBenchmark.say;

import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.CpuTimes;
import dev.flightpipeline.benchmarks.OutcomeCounter;
import dev.flightpipeline.benchmarks.PacedRequestPublisher;
import dev.flightpipeline.benchmarks.PeriodicSampler;
import dev.flightpipeline.benchmarks.ServiceProcess;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Takes a {@link Sample} of the run every second, on whole seconds since its start, and prints a
 * progress line every five.
 */
final class ProgressSampler extends PeriodicSampler<ProgressSampler.Sample> {

    static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);
    static final int SAMPLES_PER_LINE = 5;

    static final String LEGEND = "Every " + SAMPLES_PER_LINE * SAMPLE_EVERY.toSeconds() + " s:"
            + " requests offered so far; unread = not yet recorded by the booker (its consumer lag);"
            + " waiting = recorded, waiting for a call slot (RECEIVED); calls in flight at the simulator;"
            + " bookings confirmed so far (in the interval, per second); booker RSS; CPU in cores of the"
            + " booker, this harness (broker, simulator, load) and PostgreSQL, and the machine's busy share.";

    /**
     * One look at the run.
     *
     * @param offered requests published so far
     * @param recorded bookings in the database (any status)
     * @param waiting bookings RECEIVED: recorded, no call slot yet
     * @param confirmed BookingConfirmed events read so far
     * @param inFlight requests in progress at the simulator (order creations: the rest answer at once)
     */
    record Sample(
            Instant at,
            String phase,
            long offered,
            long recorded,
            long waiting,
            long confirmed,
            long inFlight,
            long bookerRssBytes,
            CpuTimes cpu)
            implements PeriodicSampler.Timed {

        /** Published, not yet read and recorded by the booker. */
        long unread() {
            return Math.max(0, offered - recorded);
        }
    }

    private final DuffelSimulator simulator;
    private final ServiceProcess booker;
    private final OutcomeCounter outcomes;
    private final PacedRequestPublisher publisher;
    private final BookingDatabase database;
    private final long postmasterPid;

    ProgressSampler(
            DuffelSimulator simulator,
            ServiceProcess booker,
            OutcomeCounter outcomes,
            PacedRequestPublisher publisher,
            BookingDatabase database,
            Instant startedAt) {
        super(startedAt, SAMPLE_EVERY, SAMPLE_EVERY);
        this.simulator = simulator;
        this.booker = booker;
        this.outcomes = outcomes;
        this.publisher = publisher;
        this.database = database;
        this.postmasterPid = database.postmasterPid();
    }

    @Override
    protected void checkRunning() {
        if (!booker.isAlive()) {
            throw new IllegalStateException("the booker process died; see " + booker.log());
        }
    }

    @Override
    protected Sample look(String phase) {
        Map<String, Long> statuses = database.countByStatus();
        return new Sample(
                Instant.now(),
                phase,
                publisher.sent(),
                statuses.values().stream().mapToLong(Long::longValue).sum(),
                statuses.getOrDefault("RECEIVED", 0L),
                outcomes.confirmed(),
                simulator.statsSummary().inFlight(),
                booker.memory().residentBytes(),
                CpuTimes.now(booker.pid(), postmasterPid));
    }

    @Override
    protected void taken(Sample sample, Sample previous) {
        List<Sample> samples = samples();
        if (samples.size() % SAMPLES_PER_LINE == 0) {
            print(sample, samples.get(samples.size() - SAMPLES_PER_LINE));
        }
    }

    private void print(Sample now, Sample intervalStart) {
        double seconds = Duration.between(intervalStart.at(), now.at()).toMillis() / 1000.0;
        long confirmed = now.confirmed() - intervalStart.confirmed();
        CpuTimes.Cores cores = now.cpu().coresSince(intervalStart.cpu(), seconds);
        say(
                "[%-8s %4ds] offered %6d  unread %5d  waiting %5d  in flight %5d  confirmed %6d (+%5d, %5.1f/s)"
                        + "  RSS %4d MiB  CPU booker %.2f harness %.2f postgres %.2f machine %3.0f%%",
                now.phase(),
                Duration.between(startedAt(), now.at()).toSeconds(),
                now.offered(),
                now.unread(),
                now.waiting(),
                now.inFlight(),
                now.confirmed(),
                confirmed,
                confirmed / seconds,
                now.bookerRssBytes() / (1024 * 1024),
                cores.booker(),
                cores.harness(),
                cores.postgres(),
                cores.machineBusyShare() * 100);
    }

    /**
     * Writes the run as it went, a line per {@link #SAMPLES_PER_LINE} samples (as the progress
     * lines): seconds since the start, phase, confirmations per second over the interval, calls in
     * flight, requests unread, bookings waiting for a slot, booker RSS in MiB. {@code scripts/plot-run}
     * draws it.
     */
    void writeTimeline(Path csv) throws IOException {
        StringBuilder lines =
                new StringBuilder("seconds,phase,confirmed_per_second,in_flight,unread,waiting,booker_rss_mib\n");
        List<Sample> samples = samples();
        for (int end = SAMPLES_PER_LINE; end < samples.size(); end += SAMPLES_PER_LINE) {
            Sample from = samples.get(end - SAMPLES_PER_LINE);
            Sample to = samples.get(end);
            double seconds = Duration.between(from.at(), to.at()).toMillis() / 1000.0;
            lines.append(String.format(
                    Locale.ROOT,
                    "%d,%s,%.1f,%d,%d,%d,%d%n",
                    Duration.between(startedAt(), to.at()).toSeconds(),
                    to.phase(),
                    (to.confirmed() - from.confirmed()) / seconds,
                    to.inFlight(),
                    to.unread(),
                    to.waiting(),
                    to.bookerRssBytes() / (1024 * 1024)));
        }
        Files.writeString(csv, lines);
    }
}
