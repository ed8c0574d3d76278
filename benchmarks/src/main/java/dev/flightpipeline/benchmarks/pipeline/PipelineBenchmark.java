package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.BenchmarkInfrastructure;
import dev.flightpipeline.benchmarks.BookerIntake;
import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.GatewayClient;
import dev.flightpipeline.benchmarks.OfferStock;
import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.benchmarks.OutcomeCounter;
import dev.flightpipeline.benchmarks.ServiceProcess;
import dev.flightpipeline.benchmarks.ServiceSettings;
import dev.flightpipeline.benchmarks.SummaryTable;
import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import dev.flightpipeline.benchmarks.pipeline.PipelineProgress.Sample;
import dev.flightpipeline.benchmarks.pipeline.PipelineResult.AddedStages;
import dev.flightpipeline.benchmarks.pipeline.PipelineResult.BookedRequest;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.SimulatorConfig.Latency;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The whole pipeline under a fixed offered rate, for P2 (confirmed bookings/s) and P4 (the latency
 * it adds to Duffel's own). A real broker, a real PostgreSQL and the Duffel simulator run in this
 * JVM; the booker and the gateway run as their own processes. Requests enter through the gateway's
 * create-order, or straight into {@code booking.requests}; a warm-up, then a measured window, then a
 * drain until every booking is terminal.
 */
final class PipelineBenchmark {

    static final String ACCESS_TOKEN = "duffel_test_benchmark";
    static final String USER = "pipeline-bench";
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);

    private final PipelineSettings settings;
    private final String runName;

    PipelineBenchmark(PipelineSettings settings, String runName) {
        this.settings = settings;
        this.runName = runName;
    }

    PipelineResult run() throws Exception {
        try (BenchmarkInfrastructure infrastructure = BenchmarkInfrastructure.start();
                DuffelSimulator simulator = DuffelSimulator.start(simulatorConfig())) {
            int toOffer = settings.requestsToOffer();
            say("Searching %d offers on the simulator (each offer can be booked once)...", toOffer);
            List<BookableOffer> offers = OfferStock.search(URI.create(simulator.baseUrl()), ACCESS_TOKEN, toOffer);

            Map<String, ServiceProcess> services = new LinkedHashMap<>();
            try {
                if (settings.gatewayRuns()) {
                    services.put(
                            "gateway",
                            start("gateway", settings.gatewayJar(), gatewaySettings(infrastructure, simulator)));
                }
                services.put(
                        "booker", start("booker", settings.bookerJar(), bookerSettings(infrastructure, simulator)));
                for (ServiceProcess service : services.values()) {
                    service.awaitHealthy(START_TIMEOUT);
                }
                BookerIntake.awaitReading(
                        infrastructure.bootstrapServers(), BenchmarkInfrastructure.TOPIC_PARTITIONS, START_TIMEOUT);
                services.forEach(
                        (name, service) -> say("%s ready (pid %d, log %s)", name, service.pid(), service.log()));
                return measure(infrastructure, simulator, offers, services);
            } finally {
                services.values().forEach(ServiceProcess::close);
            }
        }
    }

    private SimulatorConfig simulatorConfig() {
        return OfferStock.simulatorConfig()
                .withCreateOrderLatency(Latency.between(settings.orderLatencyMin(), settings.orderLatencyMax()));
    }

    private ServiceProcess start(String name, Path jar, Map<String, String> properties) {
        List<String> jvm = List.of("-Xms" + settings.heap(), "-Xmx" + settings.heap());
        say("Starting the %s: java %s -jar %s", name, String.join(" ", jvm), jar);
        properties.forEach((property, value) -> say("    --%s=%s", property, value));
        return ServiceProcess.start(name, jar, jvm, properties, resultFile("-" + name + ".log"));
    }

    private Map<String, String> bookerSettings(BenchmarkInfrastructure infrastructure, DuffelSimulator simulator) {
        Map<String, String> booker = ServiceSettings.booker(infrastructure, simulator.baseUrl(), ACCESS_TOKEN);
        booker.putAll(settings.bookerSettings());
        return booker;
    }

    private Map<String, String> gatewaySettings(BenchmarkInfrastructure infrastructure, DuffelSimulator simulator) {
        Map<String, String> gateway = ServiceSettings.gateway(infrastructure, simulator.baseUrl());
        gateway.putAll(settings.gatewaySettings());
        return gateway;
    }

    private PipelineResult measure(
            BenchmarkInfrastructure infrastructure,
            DuffelSimulator simulator,
            List<BookableOffer> offers,
            Map<String, ServiceProcess> services)
            throws Exception {
        Queue<FixedRateLoad.Answer> bookedInWindow = new ConcurrentLinkedQueue<>();
        AnswerLatencies answerLatencies = new AnswerLatencies();
        try (OutcomeCounter outcomes = new OutcomeCounter(infrastructure.bootstrapServers());
                BookingDatabase database = infrastructure.bookingDatabase();
                Intake intake = intake(infrastructure, services, offers, bookedInWindow, answerLatencies)) {
            say("");
            say(
                    "Offering %.1f requests/s through %s for %s of warm-up and a %s window; simulator order latency %s",
                    settings.rate(),
                    settings.gatewayRuns()
                            ? "the gateway ("
                                    + (settings.respondAsync() ? "Prefer: respond-async, 202" : "waiting, 201") + ")"
                            : "booking.requests (no gateway)",
                    seconds(settings.warmUp()),
                    seconds(settings.measured()),
                    settings.orderLatencyMax().isZero()
                            ? "0 (answers at once)"
                            : seconds(settings.orderLatencyMin()) + ".." + seconds(settings.orderLatencyMax()));
            say(PipelineProgress.LEGEND);

            Instant startedAt = Instant.now();
            PipelineProgress progress = new PipelineProgress(intake, outcomes, database, services, startedAt);
            intake.start(settings.rate(), settings.warmUp(), settings.measured());
            Instant windowStartsAt = startedAt.plus(settings.warmUp());
            Sample windowStart = progress.sampleUntil(windowStartsAt, "warm-up");
            Sample windowEnd = progress.sampleUntil(windowStartsAt.plus(settings.measured()), "measured");
            long notTerminalAtWindowEnd = notTerminal(windowEnd.accepted(), database.countByStatus());

            CompletableFuture<Void> lastAnswers = CompletableFuture.runAsync(
                    () -> {
                        try {
                            intake.awaitFinished();
                        } catch (Exception e) {
                            throw new IllegalStateException("the load failed", e);
                        }
                    },
                    runnable -> Thread.ofPlatform().name("last-answers").start(runnable));
            progress.sampleWhile(() -> !lastAnswers.isDone(), "last answers");
            lastAnswers.join();
            Instant drainStartedAt = Instant.now();
            Instant drainDeadline = drainStartedAt.plus(settings.drainTimeout());
            // Until every booking taken or recorded has its terminal event: the database's CONFIRMED
            // comes before the outbox relays its event.
            progress.sampleWhile(
                    () -> Instant.now().isBefore(drainDeadline)
                            && outcomes.confirmed() + outcomes.failed()
                                    < Math.max(intake.accepted(), recorded(database.countByStatus())),
                    "drain");
            Map<String, Long> statusesAfterDrain = database.countByStatus();
            long accepted = intake.accepted();
            Path timeline = resultFile("-timeline.csv");
            progress.writeTimeline(timeline, answerLatencies);
            say("Timeline: %s (scripts/plot-run draws it)", timeline);

            Map<String, BookingDatabase.StageTimes> stageTimes = database.stageTimesByOffer(bookedInWindow.stream()
                    .map(answer -> offers.get(answer.index()).offerId())
                    .toList());
            List<BookedRequest> booked = new ArrayList<>();
            long withoutOrderLatency = 0;
            for (FixedRateLoad.Answer answer : bookedInWindow) {
                String offerId = offers.get(answer.index()).offerId();
                Duration orderLatency = simulator.orderLatency(offerId);
                if (orderLatency == null) {
                    withoutOrderLatency++;
                } else {
                    BookingDatabase.StageTimes times = stageTimes.get(offerId);
                    booked.add(new BookedRequest(
                            answer.latencyNanos(),
                            orderLatency.toNanos(),
                            times == null
                                    ? null
                                    : AddedStages.of(
                                            answer.dueAt(), times, orderLatency.toNanos(), answer.answeredAt())));
                }
            }
            return new PipelineResult(
                    intake.offered(),
                    accepted,
                    windowStart,
                    windowEnd,
                    progress.between(windowStart.at(), windowEnd.at()),
                    intake instanceof GatewayIntake gateway ? gateway.report() : null,
                    booked,
                    withoutOrderLatency,
                    notTerminalAtWindowEnd,
                    notTerminal(accepted, statusesAfterDrain),
                    statusesAfterDrain,
                    Duration.between(drainStartedAt, Instant.now()).toMillis() / 1000.0,
                    outcomes.failed(),
                    outcomes.duplicates(),
                    simulator.statsSummary().bookingIdsWithSeveralOrders().size());
        }
    }

    private Intake intake(
            BenchmarkInfrastructure infrastructure,
            Map<String, ServiceProcess> services,
            List<BookableOffer> offers,
            Queue<FixedRateLoad.Answer> bookedInWindow,
            AnswerLatencies answerLatencies)
            throws Exception {
        if (!settings.gatewayRuns()) {
            return new KafkaIntake(infrastructure.bootstrapServers(), offers);
        }
        String gatewayUrl = services.get("gateway").baseUrl();
        int acceptedStatus = settings.respondAsync() ? 202 : 201;
        return new GatewayIntake(
                gatewayUrl, GatewayClient.token(gatewayUrl, USER), offers, settings.respondAsync(), runName, answer -> {
                    if (answer.status() == acceptedStatus) {
                        answerLatencies.add(answer.answeredAt(), answer.latencyNanos());
                    }
                    if (answer.measured() && answer.status() == 201) {
                        bookedInWindow.add(answer);
                    }
                });
    }

    /**
     * Bookings not yet CONFIRMED or FAILED: of those the database holds, or of the requests taken if
     * more (some not read yet). A request whose answer the load gave up on may be a booking too.
     */
    static long notTerminal(long accepted, Map<String, Long> statuses) {
        long recorded = recorded(statuses);
        long terminal = statuses.getOrDefault("CONFIRMED", 0L) + statuses.getOrDefault("FAILED", 0L);
        return Math.max(accepted, recorded) - terminal;
    }

    private static long recorded(Map<String, Long> statuses) {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    private Path resultFile(String suffix) {
        return settings.resultsDirectory().resolve(runName + suffix);
    }

    private static String seconds(Duration duration) {
        return SummaryTable.format("%.1f s", duration.toMillis() / 1000.0).replace(".0 s", " s");
    }

    static void say(String pattern, Object... values) {
        System.out.println(values.length == 0 ? pattern : SummaryTable.format(pattern, values));
        System.out.flush();
    }
}
