package dev.flightpipeline.benchmarks.concurrency;

import static dev.flightpipeline.benchmarks.concurrency.ConcurrencyFigures.format;

import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.OfferStock;
import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.benchmarks.OutcomeCounter;
import dev.flightpipeline.benchmarks.PacedRequestPublisher;
import dev.flightpipeline.benchmarks.ServiceProcess;
import dev.flightpipeline.benchmarks.concurrency.ProgressSampler.Sample;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.SimulatorConfig.Latency;
import dev.flightpipeline.duffelsim.SimulatorStats;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.infra.EmbeddedKafkaBroker;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;

/**
 * P3: the booker's concurrency against a Duffel that takes 20-30 s per order. A real broker, a real
 * PostgreSQL and the simulator run in this JVM; the booker runs as its own process, so its memory
 * is its own. Requests are offered at a fixed rate above what the in-flight limit allows, so the
 * booker always has work waiting; after a warm-up, the confirmations in a window give the
 * throughput, which Little's law bounds by in-flight limit / mean order latency.
 */
public final class ConcurrencyBenchmark {

    static final String DATABASE = "booking";
    static final String ACCESS_TOKEN = "duffel_test_benchmark";
    static final int TOPIC_PARTITIONS = 6;
    static final int OFFERS_PER_SEARCH = 100;
    /** Outlives any run, so no offer expires before its request is booked. */
    static final Duration OFFER_LIFETIME = Duration.ofHours(2);

    static final Duration BOOKER_START_TIMEOUT = Duration.ofMinutes(2);

    private final ConcurrencySettings settings;
    private final String runName;

    public ConcurrencyBenchmark(ConcurrencySettings settings, String runName) {
        this.settings = settings;
        this.runName = runName;
    }

    public ConcurrencyFigures run() throws Exception {
        CompletableFuture<EmbeddedKafkaBroker> brokerStart = CompletableFuture.supplyAsync(
                () -> EmbeddedKafkaBroker.start(new EmbeddedKafkaBroker.Settings(null, false, 0, TOPIC_PARTITIONS)),
                runnable -> Thread.ofPlatform().name("broker-start").start(runnable));
        EmbeddedPostgresServer postgres;
        try {
            postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary());
        } catch (RuntimeException failure) {
            brokerStart.thenAccept(EmbeddedKafkaBroker::close);
            throw failure;
        }
        try (postgres;
                EmbeddedKafkaBroker kafka = brokerStart.get(2, TimeUnit.MINUTES);
                DuffelSimulator simulator = DuffelSimulator.start(simulatorConfig())) {
            postgres.createDatabaseIfAbsent(DATABASE);
            kafka.createTopics(
                    Topics.ALL.stream().collect(Collectors.toMap(Function.identity(), topic -> TOPIC_PARTITIONS)));

            long toOffer = settings.requestsToOffer();
            say("Searching %d offers on the simulator (each offer can be booked once)...", toOffer);
            List<BookableOffer> offers =
                    OfferStock.search(URI.create(simulator.baseUrl()), ACCESS_TOKEN, Math.toIntExact(toOffer));

            Map<String, String> bookerSettings = bookerSettings(postgres, kafka, simulator);
            List<String> bookerJvm = List.of(
                    "-Xmx" + settings.bookerHeap(), "-Xlog:gc:file=" + resultFile("-booker-gc.log") + ":uptime,level");
            say("Starting the booker: java %s -jar %s", String.join(" ", bookerJvm), settings.bookerJar());
            bookerSettings.forEach((name, value) -> say("    --%s=%s", name, value));
            try (ServiceProcess booker = ServiceProcess.start(
                    "booker", settings.bookerJar(), bookerJvm, bookerSettings, resultFile("-booker.log"))) {
                booker.awaitHealthy(BOOKER_START_TIMEOUT);
                awaitRequestsConsumed(kafka.bootstrapServers());
                say("Booker ready (pid %d, log %s)", booker.pid(), booker.log());
                return measure(postgres, kafka, simulator, booker, offers);
            }
        }
    }

    private SimulatorConfig simulatorConfig() {
        return SimulatorConfig.defaults()
                .withOffersPerSearch(OFFERS_PER_SEARCH)
                .withOfferLifetime(OFFER_LIFETIME)
                // Only the order is slow: the offer read before it answers at once, so that the time
                // a call slot is held is the order's latency.
                .withCreateOrderLatency(Latency.between(settings.orderLatencyMin(), settings.orderLatencyMax()));
    }

    private Map<String, String> bookerSettings(
            EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka, DuffelSimulator simulator) {
        Map<String, String> booker = new LinkedHashMap<>();
        booker.put("spring.main.banner-mode", "off");
        booker.put("spring.datasource.url", postgres.jdbcUrl(DATABASE));
        booker.put("spring.datasource.username", postgres.username());
        booker.put("spring.datasource.password", postgres.password());
        booker.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
        booker.put("duffel.base-url", simulator.baseUrl());
        booker.put("duffel.access-token", ACCESS_TOKEN);
        booker.put("booker.instance-id", "booker-bench");
        booker.put("booker.max-in-flight", Integer.toString(settings.inFlightLimit()));
        // Each call slot holds one connection at a time; twice as many keeps the pool from ever
        // being what limits the calls in flight.
        booker.put("duffel.max-connections", Integer.toString(Math.max(2 * settings.inFlightLimit(), 100)));
        booker.putAll(settings.extraBookerSettings());
        return booker;
    }

    private ConcurrencyFigures measure(
            EmbeddedPostgresServer postgres,
            EmbeddedKafkaBroker kafka,
            DuffelSimulator simulator,
            ServiceProcess booker,
            List<BookableOffer> offers)
            throws Exception {
        try (OutcomeCounter outcomes = new OutcomeCounter(kafka.bootstrapServers());
                PacedRequestPublisher publisher = new PacedRequestPublisher(kafka.bootstrapServers());
                BookingDatabase database =
                        new BookingDatabase(postgres.jdbcUrl(DATABASE), postgres.username(), postgres.password())) {
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

    /**
     * Waits until a consumer group (the booker's) has every partition of {@code booking.requests}:
     * from then on, requests are read as they come.
     */
    private static void awaitRequestsConsumed(String bootstrapServers)
            throws InterruptedException, ExecutionException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + BOOKER_START_TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                List<String> groups = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                        .map(GroupListing::groupId)
                        .toList();
                Collection<ConsumerGroupDescription> described = admin.describeConsumerGroups(groups)
                        .all()
                        .get(10, TimeUnit.SECONDS)
                        .values();
                for (ConsumerGroupDescription group : described) {
                    long requestPartitions = group.members().stream()
                            .flatMap(member -> member.assignment().topicPartitions().stream())
                            .filter(partition -> partition.topic().equals(Topics.BOOKING_REQUESTS))
                            .count();
                    if (requestPartitions == TOPIC_PARTITIONS) {
                        return;
                    }
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException(
                "no consumer had the partitions of " + Topics.BOOKING_REQUESTS + " within " + BOOKER_START_TIMEOUT);
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
