package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.benchmarks.faults.FaultTimeline.Kind;
import dev.flightpipeline.benchmarks.faults.FaultTimeline.PlannedFault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * R1, the fault run: the broker, the database, the simulator, the booker and the reconciler each
 * in a process of its own; requests published at a steady rate while the booker is killed with
 * SIGKILL again and again, the broker and the database are restarted once each and the simulator
 * fails a share of the orders in every way duffel.md lists; then a wait until every booking is
 * terminal and the outcome topic is still, and the counts.
 */
final class FaultRun {

    static final String ACCESS_TOKEN = "duffel_test_fault_run";
    /** Only the simulator and the reconciler know it; it signs nothing but this run's webhooks. */
    static final String WEBHOOK_SECRET = "fault-run-webhook-signing-secret";

    static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    /**
     * On a busy machine restarts take longer than planned and the next fault is due at once; the
     * pipeline gets this long to work (and have calls in flight to interrupt) before it.
     */
    static final Duration RUNNING_BETWEEN_FAULTS = Duration.ofSeconds(10);

    static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** The outcome topic must not grow for this long, with every booking terminal, to be still. */
    static final Duration STILL_FOR = Duration.ofSeconds(6);

    /** R1's faults, with the full share; the rest of duffel.md's get half of it. */
    static final List<String> R1_FAULTS = List.of(
            "TIMEOUT_AFTER_CREATE", "ERROR_AFTER_CREATE", "RESET_AFTER_CREATE", "ORDER_NOT_CREATED", "RATE_LIMITED");

    static final List<String> OTHER_FAULTS = List.of(
            "AIRLINE_ERROR_AFTER_CREATE",
            "ACCEPTED_THEN_CREATED",
            "ACCEPTED_THEN_FAILED",
            "SERVICE_UNAVAILABLE",
            "GATEWAY_TIMEOUT",
            "OFFER_NO_LONGER_AVAILABLE",
            "DUPLICATE_BOOKING");

    /** What the run found. */
    record Result(
            FaultRunCounts counts,
            boolean quiescent,
            Duration lastTerminalAfterLastFault,
            Duration quiescentAfterLastFault,
            Map<String, Long> createOrderResults,
            int simulatorDuplicates,
            List<String> faultLog,
            Duration publishing,
            Duration total,
            long published,
            long refusedByBroker,
            List<Duration> intakeStalls) {

        /** Every request published was acknowledged, every invariant held, and all was quiet within the bound. */
        boolean passed() {
            return quiescent
                    && counts.invariantsHeld()
                    && simulatorDuplicates == 0
                    && counts.requested() == published
                    && published > 0;
        }
    }

    private final FaultRunSettings settings;
    private final String runName;
    private final Instant startedAt = Instant.now();
    private final List<String> faultLog = new ArrayList<>();
    private final Path workDirectory;
    private final int kafkaPort = freePort();
    private final int postgresPort = freePort();
    private final int reconcilerPort = freePort();
    private int bookerPort;
    private boolean bookerRestarting;
    private Set<String> membersOfKilledBooker = Set.of();
    private Instant bookerKilledAt;
    private final List<Duration> intakeStalls = new ArrayList<>();
    private Instant recoveredAt = Instant.EPOCH;
    private String bootstrapServers;
    private String jdbcUrl;
    private URI duffelUrl;
    private Path harness;
    private Path bookerJar;
    private ChildProcess kafka;
    private ChildProcess postgres;
    private ChildProcess simulator;
    private ChildProcess bookerProcess;
    private ChildProcess reconcilerProcess;
    private int bookerStarts;
    private int brokerStarts;
    private int databaseStarts;

    FaultRun(FaultRunSettings settings, String runName) throws IOException {
        this.settings = settings;
        this.runName = runName;
        this.workDirectory = Files.createTempDirectory("r1-");
    }

    Result run() throws Exception {
        // Copies: a build during the run must not change what a restarted process runs.
        harness = copy(settings.jars().harness(), "harness.jar");
        bookerJar = copy(settings.jars().booker(), "booker.jar");
        Path reconcilerJar = copy(settings.jars().reconciler(), "reconciler.jar");
        Path simulatorJar = copy(settings.jars().simulator(), "duffel-sim.jar");
        try {
            say("Starting the broker, PostgreSQL and the Duffel simulator, each in a process of its own...");
            kafka = startInfra(harness, "kafka");
            postgres = startInfra(harness, "postgres");
            simulator = startSimulator(simulatorJar);
            bootstrapServers = awaitReady(kafka);
            jdbcUrl = awaitReady(postgres);
            duffelUrl = URI.create(simulator.awaitLogLine("Duffel simulator at ", START_TIMEOUT)
                    .split(" ")[3]);
            say(
                    "  broker %s (pid %d), PostgreSQL %s (pid %d), simulator %s (pid %d)",
                    bootstrapServers, kafka.pid(), jdbcUrl, postgres.pid(), duffelUrl, simulator.pid());

            bookerProcess = startBooker(bookerJar);
            reconcilerProcess = startReconciler(reconcilerJar);
            bookerProcess.awaitHealthy(healthUrl(bookerPort), START_TIMEOUT);
            reconcilerProcess.awaitHealthy(healthUrl(reconcilerPort), START_TIMEOUT);
            say("  booker (pid %d) and reconciler (pid %d) healthy", bookerProcess.pid(), reconcilerProcess.pid());

            SimulatorControl duffel = new SimulatorControl(duffelUrl, ACCESS_TOKEN);
            injectOrderFaults(duffel);

            FaultTimeline timeline = FaultTimeline.plan(settings.publishing(), settings.killEvery());
            say("");
            say(
                    "Publishing %,d requests at %.1f/s (%s); %d SIGKILLs of the booker, the broker and the database"
                            + " restarted once each",
                    settings.bookings(),
                    settings.rate(),
                    seconds(settings.publishing()),
                    timeline.count(Kind.KILL_BOOKER));
            BookingTable table = new BookingTable(jdbcUrl, "postgres");
            OutcomeEvents outcomes = new OutcomeEvents(bootstrapServers);
            Instant publishingFrom;
            try (RequestFeed feed = new RequestFeed(bootstrapServers, duffelUrl, ACCESS_TOKEN);
                    Progress progress = new Progress(table, feed)) {
                publishingFrom = Instant.now();
                progress.start(publishingFrom);
                feed.start(settings.bookings(), settings.rate());
                Instant lastFaultAt = injectProcessFaults(timeline, publishingFrom, table);
                feed.awaitFinished();
                Duration publishing = Duration.between(publishingFrom, feed.finishedAt());
                say(
                        "%,d requests published in %s (%,d acknowledged, %,d refused by the broker); the last fault"
                                + " at +%s",
                        feed.sent(),
                        seconds(publishing),
                        feed.acknowledged().size(),
                        feed.refused(),
                        seconds(Duration.between(publishingFrom, lastFaultAt)));

                Instant deadline = lastFaultAt.plus(settings.quiescenceBound());
                say(
                        "Waiting until every booking is terminal and the outcome topic is still (at most until %s after"
                                + " the last fault)...",
                        seconds(settings.quiescenceBound()));
                boolean quiescent =
                        awaitQuiescence(table, outcomes, feed.acknowledged().size(), deadline);
                Instant quietAt = Instant.now();
                progress.close();
                if (!quiescent) {
                    say(
                            "NOT QUIESCENT: bookings still open or outcome events still missing %s after the last fault;"
                                    + " statuses %s",
                            seconds(settings.quiescenceBound()), statusesOrDown(table));
                }

                say(
                        "Counting: the booking table, the outcome topic (read_committed) and every order on the simulator...");
                FaultRunCounts counts = FaultRunCounts.count(
                        feed.acknowledged(), table.all(), outcomes.readAll().terminalByBooking(), duffel.allOrders());
                Instant lastTerminalAt = table.lastTerminalAt();
                table.writeHistories(settings.resultsDirectory().resolve(runName + "-bookings.csv"));
                return new Result(
                        counts,
                        quiescent,
                        lastTerminalAt == null ? Duration.ZERO : Duration.between(lastFaultAt, lastTerminalAt),
                        Duration.between(lastFaultAt, quietAt),
                        duffel.createOrderResults(),
                        duffel.bookingIdsWithSeveralOrders(),
                        List.copyOf(faultLog),
                        publishing,
                        Duration.between(startedAt, Instant.now()),
                        feed.sent(),
                        feed.refused(),
                        List.copyOf(intakeStalls));
            }
        } finally {
            say("Stopping the processes...");
            for (ChildProcess process :
                    new ChildProcess[] {reconcilerProcess, bookerProcess, simulator, kafka, postgres}) {
                if (process != null) {
                    process.close();
                }
            }
            deleteWorkDirectory();
        }
    }

    /**
     * Kills the booker and restarts the broker and the database as the timeline says, and returns
     * when the last fault was done (for R1's 5 minutes).
     */
    private Instant injectProcessFaults(FaultTimeline timeline, Instant publishingFrom, BookingTable table)
            throws InterruptedException {
        Instant lastFaultAt = publishingFrom;
        for (PlannedFault fault : timeline.faults()) {
            // A booker killed while it starts, or a database gone while it migrates, tests
            // its start-up, not its recovery: each fault waits for a booker that is up. Watched
            // from the kill on, not from the next fault's time, so that its times are its own.
            awaitRestartedBooker(bookerProcess, publishingFrom, table);
            waitUntil(publishingFrom.plus(fault.at()));
            waitUntil(recoveredAt.plus(RUNNING_BETWEEN_FAULTS));
            lastFaultAt = Instant.now();
            switch (fault.kind()) {
                case KILL_BOOKER -> {
                    try (RequestConsumers consumers = new RequestConsumers(bootstrapServers)) {
                        membersOfKilledBooker = consumers.members();
                    }
                    bookerKilledAt = Instant.now();
                    bookerProcess.kill();
                    logFault(publishingFrom, "booker (pid %d) killed with SIGKILL", bookerProcess.pid());
                    bookerProcess = startBooker(bookerJar);
                    bookerRestarting = true;
                }
                case RESTART_BROKER -> {
                    kafka.close();
                    logFault(publishingFrom, "broker stopped");
                    kafka = startInfra(harness, "kafka");
                    awaitReady(kafka);
                    logFault(publishingFrom, "broker restarted (pid %d)", kafka.pid());
                    recoveredAt = Instant.now();
                }
                case RESTART_DATABASE -> {
                    postgres.close();
                    logFault(publishingFrom, "PostgreSQL stopped");
                    postgres = startInfra(harness, "postgres");
                    awaitReady(postgres);
                    logFault(publishingFrom, "PostgreSQL restarted (pid %d)", postgres.pid());
                    recoveredAt = Instant.now();
                }
            }
        }
        awaitRestartedBooker(bookerProcess, publishingFrom, table);
        return lastFaultAt;
    }

    /**
     * One order of each fault first, so even a short run meets every one of them, then each fault
     * as a share of the rest.
     */
    private void injectOrderFaults(SimulatorControl duffel) throws IOException, InterruptedException {
        Map<String, Object> shares = new LinkedHashMap<>();
        for (String fault : R1_FAULTS) {
            duffel.forceNextOrders(fault, 1);
            shares.put(fault, settings.faultShare());
        }
        for (String fault : OTHER_FAULTS) {
            duffel.forceNextOrders(fault, 1);
            shares.put(fault, settings.faultShare() / 2);
        }
        duffel.updateConfig(Map.of("orderFaults", shares));
        say("  simulator faults: one order each first, then shares %s", shares);
    }

    private boolean awaitQuiescence(BookingTable table, OutcomeEvents outcomes, long requested, Instant deadline)
            throws InterruptedException {
        long lastRecords = -1;
        Instant stillSince = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                Map<String, Long> statuses = table.countByStatus();
                long terminal = statuses.getOrDefault("CONFIRMED", 0L) + statuses.getOrDefault("FAILED", 0L);
                long all = statuses.values().stream().mapToLong(Long::longValue).sum();
                if (all >= requested && terminal == all) {
                    OutcomeEvents.Read read = outcomes.readAll();
                    if (read.terminalByBooking().size() >= terminal && read.records() == lastRecords) {
                        if (Duration.between(stillSince, Instant.now()).compareTo(STILL_FOR) >= 0) {
                            return true;
                        }
                    } else {
                        lastRecords = read.records();
                        stillSince = Instant.now();
                    }
                } else {
                    lastRecords = -1;
                }
            } catch (SQLException | RuntimeException notNow) {
                lastRecords = -1; // the database or the broker is not answering; ask again
            }
            TimeUnit.SECONDS.sleep(2);
        }
        return false;
    }

    private ChildProcess startInfra(Path harness, String server) {
        int start = server.equals("kafka") ? ++brokerStarts : ++databaseStarts;
        int port = server.equals("kafka") ? kafkaPort : postgresPort;
        return ChildProcess.start(
                server,
                List.of(server.equals("kafka") ? "-Xmx512m" : "-Xmx128m"),
                List.of(
                        "-Dloader.main=" + InfraServerMain.class.getName(),
                        "-cp",
                        harness.toString(),
                        "org.springframework.boot.loader.launch.PropertiesLauncher",
                        "--server=" + server,
                        "--data-dir=" + workDirectory.resolve(server),
                        "--port=" + port),
                logFile(server + "-" + start));
    }

    private static String awaitReady(ChildProcess infra) throws InterruptedException {
        return infra.awaitLogLine(InfraServerMain.READY, START_TIMEOUT)
                .substring(InfraServerMain.READY.length())
                .trim();
    }

    private ChildProcess startSimulator(Path jar) {
        return ChildProcess.start(
                "duffel-sim",
                List.of("-Xmx512m"),
                List.of(
                        "-jar",
                        jar.toString(),
                        "--port=0",
                        "--offers-per-search=" + RequestFeed.OFFERS_PER_SEARCH,
                        "--offer-lifetime=" + settings.offerLifetime().toMillis() + "ms",
                        "--create-order-latency=20ms..300ms",
                        // Longer than the booker waits for an order (5 s below): the booker times out.
                        "--hang-for=20s",
                        "--webhook-url=http://127.0.0.1:" + reconcilerPort + "/duffel/webhooks",
                        "--webhook-secret=" + WEBHOOK_SECRET,
                        "--webhook-delay=2s"),
                logFile("duffel-sim"));
    }

    private ChildProcess startBooker(Path jar) {
        bookerPort = freePort();
        Map<String, String> booker = serviceSettings(bookerPort);
        // Stable across restarts: a restarted booker recovers its own SUBMITTING bookings as UNKNOWN.
        booker.put("booker.instance-id", "booker-r1");
        booker.put("booker.max-in-flight", "1000");
        booker.put("duffel.max-connections", "2000");
        booker.put("duffel.order-creation-timeout", "5s");
        booker.put("booker.received-sweep-interval", "5s");
        booker.put("booker.max-backoff", "5s");
        booker.putAll(settings.extraBookerSettings());
        return ChildProcess.start(
                "booker",
                List.of("-Xmx" + settings.bookerHeap()),
                launch(jar, booker),
                logFile("booker-" + ++bookerStarts));
    }

    private ChildProcess startReconciler(Path jar) {
        Map<String, String> reconciler = serviceSettings(reconcilerPort);
        // Fast sweeps and a short grace, so a booking whose order never reached Duffel closes soon
        // after its offer expired; production waits longer (reconciler.yml).
        reconciler.put("reconciler.sweep-interval", "1s");
        reconciler.put("reconciler.first-backoff", "1s");
        reconciler.put("reconciler.max-backoff", "5s");
        reconciler.put("reconciler.close-grace", "10s");
        reconciler.put("reconciler.duffel-error-pause", "2s");
        reconciler.put("reconciler.lease", "30s");
        reconciler.put("reconciler.webhooks.secret", WEBHOOK_SECRET);
        return ChildProcess.start("reconciler", List.of("-Xmx384m"), launch(jar, reconciler), logFile("reconciler"));
    }

    private Map<String, String> serviceSettings(int port) {
        Map<String, String> service = new LinkedHashMap<>();
        service.put("server.port", Integer.toString(port));
        service.put("spring.main.banner-mode", "off");
        service.put("spring.datasource.url", jdbcUrl);
        service.put("spring.datasource.username", "postgres");
        service.put("spring.datasource.password", "");
        service.put("spring.kafka.bootstrap-servers", bootstrapServers);
        service.put("duffel.base-url", duffelUrl.toString());
        service.put("duffel.access-token", ACCESS_TOKEN);
        return service;
    }

    private static List<String> launch(Path jar, Map<String, String> settings) {
        return Stream.concat(
                        Stream.of("-jar", jar.toString()),
                        settings.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue()))
                .toList();
    }

    /**
     * Waits until a booker started after a SIGKILL both reads requests and answers its health check,
     * watching the two side by side: a booker working off the requests that waited for it can read
     * long before its health check answers 200, and the stall is until it reads.
     */
    /**
     * Waits until the restarted booker reads requests and answers its health check, and prints
     * both. It reads once a booking is recorded after the SIGKILL (its intake records each request
     * as it reads it: the time is the booking's), or, when no request is waiting, once its consumers
     * hold every partition of the requests' topic.
     */
    private void awaitRestartedBooker(ChildProcess booker, Instant publishingFrom, BookingTable table)
            throws InterruptedException {
        if (!bookerRestarting) {
            return;
        }
        URI health = healthUrl(bookerPort);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        Instant healthyAt = null;
        Instant readingAt = null;
        String readingSeenBy = null;
        // Each is timed when it happened, not when this loop looked: a look at the database or the
        // broker may take seconds while the other answered.
        CompletableFuture<Instant> healthy = booker.healthyAt(health, START_TIMEOUT);
        try (RequestConsumers consumers = new RequestConsumers(bootstrapServers)) {
            while (healthyAt == null || readingAt == null) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(
                            "the restarted booker was not both healthy and reading requests within " + START_TIMEOUT
                                    + "; see " + booker.log());
                }
                if (healthyAt == null && healthy.isDone()) {
                    healthyAt = healthy.join(); // throws if the booker died or never answered
                }
                if (readingAt == null) {
                    Instant recorded = firstRecordedAfter(table, bookerKilledAt);
                    if (recorded != null) {
                        readingAt = recorded;
                        readingSeenBy = "a request recorded";
                    } else if (consumers.readByOthersThan(membersOfKilledBooker)) {
                        readingAt = Instant.now();
                        readingSeenBy = "its consumers hold every partition";
                    }
                }
                TimeUnit.MILLISECONDS.sleep(250);
            }
        }
        bookerRestarting = false;
        recoveredAt = readingAt;
        Duration stalled = Duration.between(bookerKilledAt, recoveredAt);
        intakeStalls.add(stalled);
        logFault(
                publishingFrom,
                "booker (pid %d) reads requests again: reading %s after the SIGKILL (%s), healthy %s after it",
                booker.pid(),
                seconds(stalled),
                readingSeenBy,
                seconds(Duration.between(bookerKilledAt, healthyAt)));
    }

    private static Instant firstRecordedAfter(BookingTable table, Instant since) {
        try {
            return table.firstRecordedAfter(since);
        } catch (SQLException notNow) {
            return null; // the database is not answering yet; ask again
        }
    }

    private static URI healthUrl(int port) {
        return URI.create("http://127.0.0.1:" + port + "/actuator/health");
    }

    private void logFault(Instant from, String pattern, Object... values) {
        String line = String.format(
                Locale.ROOT,
                "+%6.1fs  %s",
                Duration.between(from, Instant.now()).toMillis() / 1000.0,
                String.format(Locale.ROOT, pattern, values));
        faultLog.add(line);
        say("  FAULT %s", line);
    }

    private static String statusesOrDown(BookingTable table) {
        try {
            return table.countByStatus().toString();
        } catch (SQLException e) {
            return "(database not answering: " + e.getMessage() + ")";
        }
    }

    private static void waitUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            TimeUnit.MILLISECONDS.sleep(millis);
        }
    }

    private Path logFile(String process) {
        return settings.resultsDirectory().resolve(runName + "-" + process + ".log");
    }

    private Path copy(Path jar, String name) throws IOException {
        return Files.copy(jar, workDirectory.resolve(name));
    }

    private void deleteWorkDirectory() {
        try (Stream<Path> paths = Files.walk(workDirectory)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            say("could not remove %s: %s", workDirectory, e.getMessage());
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    static void say(String pattern, Object... values) {
        System.out.println(values.length == 0 ? pattern : String.format(Locale.ROOT, pattern, values));
        System.out.flush();
    }
}
