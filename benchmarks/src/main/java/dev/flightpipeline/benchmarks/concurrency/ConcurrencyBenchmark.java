package dev.flightpipeline.benchmarks.concurrency;

import static dev.flightpipeline.benchmarks.concurrency.ConcurrencyFigures.format;

import dev.flightpipeline.benchmarks.BenchmarkInfrastructure;
import dev.flightpipeline.benchmarks.BookerIntake;
import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.OfferStock;
import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.benchmarks.OutcomeCounter;
import dev.flightpipeline.benchmarks.PacedRequestPublisher;
import dev.flightpipeline.benchmarks.ServiceProcess;
import dev.flightpipeline.benchmarks.ServiceSettings;
import dev.flightpipeline.benchmarks.concurrency.ProgressSampler.Sample;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.SimulatorConfig.Latency;
import dev.flightpipeline.duffelsim.SimulatorStats;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * P3: the booker's concurrency against a Duffel that takes 20-30 s per order. A real broker, a real
 * PostgreSQL and the simulator run in this JVM; the booker runs as its own process, so its memory
 * is its own. Requests are offered at a fixed rate above what the in-flight limit allows, so the
 * booker always has work waiting; after a warm-up, the confirmations in a window give the
 * throughput, which Little's law bounds by in-flight limit / mean order latency.
 */
public final class ConcurrencyBenchmark {

    static final String ACCESS_TOKEN = "duffel_test_benchmark";

    static final Duration BOOKER_START_TIMEOUT = Duration.ofMinutes(2);

    private final ConcurrencySettings settings;
    private final String runName;

    public ConcurrencyBenchmark(ConcurrencySettings settings, String runName) {
        this.settings = settings;
        this.runName = runName;
    }

    public ConcurrencyFigures run() throws Exception {
        try (BenchmarkInfrastructure infrastructure = BenchmarkInfrastructure.start();
                DuffelSimulator simulator = DuffelSimulator.start(simulatorConfig())) {
            long toOffer = settings.requestsToOffer();
            say("Searching %d offers on the simulator (each offer can be booked once)...", toOffer);
            List<BookableOffer> offers =
                    OfferStock.search(URI.create(simulator.baseUrl()), ACCESS_TOKEN, Math.toIntExact(toOffer));

            Map<String, String> bookerSettings = bookerSettings(infrastructure, simulator);
            List<String> bookerJvm = List.of(
                    "-Xmx" + settings.bookerHeap(), "-Xlog:gc:file=" + resultFile("-booker-gc.log") + ":uptime,level");
            say("Starting the booker: java %s -jar %s", String.join(" ", bookerJvm), settings.bookerJar());
            bookerSettings.forEach((name, value) -> say("    --%s=%s", name, value));
            try (ServiceProcess booker = ServiceProcess.start(
                    "booker", settings.bookerJar(), bookerJvm, bookerSettings, resultFile("-booker.log"))) {
                booker.awaitHealthy(BOOKER_START_TIMEOUT);
                BookerIntake.awaitReading(
                        infrastructure.bootstrapServers(),
                        BenchmarkInfrastructure.TOPIC_PARTITIONS,
                        BOOKER_START_TIMEOUT);
                say("Booker ready (pid %d, log %s)", booker.pid(), booker.log());
                return measure(infrastructure, simulator, booker, offers);
            }
        }
    }

    private SimulatorConfig simulatorConfig() {
        return OfferStock.simulatorConfig()
                // Only the order is slow: the offer read before it answers at once, so that the time
                // a call slot is held is the order's latency.
                .withCreateOrderLatency(Latency.between(settings.orderLatencyMin(), settings.orderLatencyMax()));
    }

    private Map<String, String> bookerSettings(BenchmarkInfrastructure infrastructure, DuffelSimulator simulator) {
        Map<String, String> booker = ServiceSettings.booker(infrastructure, simulator.baseUrl(), ACCESS_TOKEN);
        booker.put("booker.max-in-flight", Integer.toString(settings.inFlightLimit()));
        // Each call slot holds one connection at a time; twice as many keeps the pool from ever
        // being what limits the calls in flight.
        booker.put("duffel.max-connections", Integer.toString(Math.max(2 * settings.inFlightLimit(), 100)));
        booker.putAll(settings.extraBookerSettings());
        return booker;
    }

    private ConcurrencyFigures measure(
            BenchmarkInfrastructure infrastructure,
            DuffelSimulator simulator,
            ServiceProcess booker,
            List<BookableOffer> offers)
            throws Exception {
        try (OutcomeCounter outcomes = new OutcomeCounter(infrastructure.bootstrapServers());
                PacedRequestPublisher publisher = new PacedRequestPublisher(infrastructure.bootstrapServers());
                BookingDatabase database = infrastructure.bookingDatabase()) {
            say("");
            say(
                    "Offering %.1f requests/s for %s of warm-up and a %s window; order latency %s..%s; in-flight limit %d",
                    settings.offeredRate(),
                    seconds(settings.warmUp()),
                    seconds(settings.measured()),
                    seconds(settings.orderLatencyMin()),
                    seconds(settings.orderLatencyMax()),
                    settings.inFlightLimit());
            say(ProgressSampler.LEGEND);

            Instant startedAt = Instant.now();
            ProgressSampler sampler = new ProgressSampler(simulator, booker, outcomes, publisher, database, startedAt);
            publisher.start(offers, settings.offeredRate(), settings.warmUp().plus(settings.measured()));
            Instant windowStartsAt = startedAt.plus(settings.warmUp());
            Instant windowEndsAt = windowStartsAt.plus(settings.measured());

            Sample windowStart = sampler.sampleUntil(windowStartsAt, "warm-up");
            Sample windowEnd = sampler.sampleUntil(windowEndsAt, "measured");
            BookingDatabase.OrderLatency latency = database.orderLatencyOfConfirmed(windowStart.at(), windowEnd.at());
            long withoutTerminalAtWindowEnd = windowEnd.offered() - terminal(database.countByStatus());

            publisher.awaitFinished();
            Instant drainStartedAt = Instant.now();
            Instant drainDeadline = drainStartedAt.plus(settings.drainTimeout());
            long offered = publisher.sent();
            sampler.sampleWhile(
                    () -> outcomes.confirmed() + outcomes.failed() < offered
                            && Instant.now().isBefore(drainDeadline),
                    "drain");
            double drainSeconds = secondsBetween(drainStartedAt, Instant.now());
            Map<String, Long> statusesAfterDrain = database.countByStatus();
            long withoutTerminalAfterDrain = offered - terminal(statusesAfterDrain);
            if (publisher.failed() > 0) {
                say("WARNING: the broker refused %d requests", publisher.failed());
            }

            SimulatorStats simulatorStats = simulator.statsSummary();
            double windowSeconds = secondsBetween(windowStart.at(), windowEnd.at());
            List<Sample> inWindow = sampler.between(windowStart.at(), windowEnd.at());
            Path timeline = resultFile("-timeline.csv");
            sampler.writeTimeline(timeline);
            say("Timeline: %s (scripts/plot-run draws it)", timeline);
            return new ConcurrencyFigures(
                    settings.offeredRate(),
                    offered,
                    windowSeconds,
                    windowEnd.confirmed() - windowStart.confirmed(),
                    latency.meanSeconds(),
                    settings.meanOrderLatency().toMillis() / 1000.0,
                    settings.inFlightLimit(),
                    inWindow.stream().mapToLong(Sample::inFlight).average().orElse(0),
                    simulatorStats.inFlightMax(),
                    booker.memory().peakResidentBytes(),
                    windowEnd.cpu().coresSince(windowStart.cpu(), windowSeconds),
                    inWindow.stream().mapToLong(Sample::unread).average().orElse(0),
                    inWindow.stream().mapToLong(Sample::waiting).average().orElse(0),
                    simulatorStats.bookingIdsWithSeveralOrders().size(),
                    simulatorStats.ordersCreated(),
                    outcomes.duplicates(),
                    outcomes.failed(),
                    withoutTerminalAtWindowEnd,
                    withoutTerminalAfterDrain,
                    statusesAfterDrain,
                    drainSeconds);
        }
    }

    private static long terminal(Map<String, Long> statuses) {
        return statuses.getOrDefault("CONFIRMED", 0L) + statuses.getOrDefault("FAILED", 0L);
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    private Path resultFile(String suffix) {
        return settings.resultsDirectory().resolve(runName + suffix);
    }

    private static String seconds(Duration duration) {
        return format("%.1f s", duration.toMillis() / 1000.0).replace(".0 s", " s");
    }

    static void say(String pattern, Object... values) {
        System.out.println(values.length == 0 ? pattern : format(pattern, values));
        System.out.flush();
    }
}
