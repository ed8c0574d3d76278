package dev.flightpipeline.benchmarks.accept;

import static dev.flightpipeline.benchmarks.accept.AcceptFigures.format;

import dev.flightpipeline.benchmarks.BenchmarkInfrastructure;
import dev.flightpipeline.benchmarks.BookingDatabase;
import dev.flightpipeline.benchmarks.GatewayClient;
import dev.flightpipeline.benchmarks.ServiceProcess;
import dev.flightpipeline.benchmarks.ServiceSettings;
import dev.flightpipeline.benchmarks.accept.AcceptFigures.AtRate;
import dev.flightpipeline.benchmarks.accept.AcceptFigures.Throughput;
import dev.flightpipeline.events.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * P1: the gateway's accept path ({@code Prefer: respond-async}: validate, authenticate, remember the
 * key, publish, 202) against a bare WebFlux endpoint answering 202 to the same body. A real broker
 * and a real PostgreSQL run in this JVM; the gateway and the bare endpoint each run as their own
 * process with the same JVM flags. wrk drives both with the same settings, a warm-up then a measured
 * run each; then an open-loop load at a fixed rate measures the latencies. Nobody consumes
 * {@code booking.requests}: the accept path ends at the publish, which the record count checks.
 */
final class AcceptBenchmark {

    static final String USER = "p1-bench";
    static final Duration START_TIMEOUT = Duration.ofMinutes(2);
    static final Duration SAMPLE_EVERY = Duration.ofSeconds(5);

    /**
     * The body of every request, to both targets: http-api.md's example. The gateway checks its form
     * only; the offer is read by the booker, which does not run here, so no offer needs to exist.
     */
    static final String BODY = GatewayClient.createOrderBody("off_0000P1BenchOffer", "pas_0000P1BenchPassenger");

    static final String CREATE_ORDER_PATH = GatewayClient.CREATE_ORDER_PATH;

    private final AcceptSettings settings;
    private final String runName;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A service under load: where it listens and how many requests it has taken so far. */
    private record Target(String name, ServiceProcess process, String counted, LongSupplier countSoFar) {
        String createOrderUrl() {
            return process.baseUrl() + CREATE_ORDER_PATH;
        }
    }

    AcceptBenchmark(AcceptSettings settings, String runName) {
        this.settings = settings;
        this.runName = runName;
    }

    AcceptFigures run() throws Exception {
        try (BenchmarkInfrastructure infrastructure = BenchmarkInfrastructure.start()) {
            List<String> jvm = List.of("-Xms" + settings.heap(), "-Xmx" + settings.heap());
            Map<String, String> gatewaySettings = gatewaySettings(infrastructure);
            say("Starting the gateway: java %s -jar %s", String.join(" ", jvm), settings.gatewayJar());
            gatewaySettings.forEach((name, value) -> say("    --%s=%s", name, value));
            say(
                    "Starting the bare endpoint: java %s -cp %s (%s)",
                    String.join(" ", jvm), settings.harnessJar(), BareAcceptEndpoint.class.getSimpleName());
            try (ServiceProcess gateway = ServiceProcess.start(
                            "gateway", settings.gatewayJar(), jvm, gatewaySettings, resultFile("-gateway.log"));
                    ServiceProcess bare = ServiceProcess.startMainClass(
                            "bare-endpoint",
                            settings.harnessJar(),
                            BareAcceptEndpoint.class.getName(),
                            jvm,
                            Map.of(),
                            resultFile("-bare.log"));
                    PublishedRequests published = new PublishedRequests(infrastructure.bootstrapServers());
                    BookingDatabase database = infrastructure.bookingDatabase()) {
                gateway.awaitHealthy(START_TIMEOUT);
                bare.awaitHealthy(BareAcceptEndpoint.HEALTH_PATH, START_TIMEOUT);
                say("Gateway ready (pid %d, log %s)", gateway.pid(), gateway.log());
                say("Bare endpoint ready (pid %d, log %s)", bare.pid(), bare.log());
                Target bareTarget = new Target("bare", bare, "answered", () -> answeredByBare(bare.baseUrl()));
                Target gatewayTarget = new Target("gateway", gateway, "published", published::count);
                return measure(bareTarget, gatewayTarget, published, database.postmasterPid());
            }
        }
    }

    private Map<String, String> gatewaySettings(BenchmarkInfrastructure infrastructure) {
        // The accept path never calls Duffel; a closed port makes sure nothing of the run leaves the machine.
        Map<String, String> gateway = ServiceSettings.gateway(infrastructure, "http://127.0.0.1:9");
        gateway.putAll(settings.extraGatewaySettings());
        return gateway;
    }

    private AcceptFigures measure(Target bare, Target gateway, PublishedRequests published, long postmasterPid)
            throws Exception {
        String token = GatewayClient.token(gateway.process().baseUrl(), USER);
        for (Target target : List.of(bare, gateway)) {
            HttpResponse<String> answer = createOrder(target, token, runName + "-check");
            say("Check: %s answers %d %s", target.name(), answer.statusCode(), answer.body());
            if (answer.statusCode() != 202) {
                throw new IllegalStateException(
                        target.name() + " did not accept the request: " + answer.statusCode() + " " + answer.body());
            }
        }
        Context context = new Context(bare, gateway, postmasterPid);
        context.accepted++;

        Wrk wrk = Wrk.find(resultFile("-create-order.lua"));
        say("");
        say(
                "wrk: %d threads, %d connections, %s warm-up then %s measured, per target; Prefer: respond-async,"
                        + " one Idempotency-Key per request",
                settings.threads(), settings.connections(), seconds(settings.warmUp()), seconds(settings.measured()));
        say(
                "Every %d s: the bare endpoint's answers or the gateway's records in %s so far (in the interval,"
                        + " per second), and CPU in cores of the gateway, the bare endpoint, wrk, this harness (broker,"
                        + " fixed-rate load) and PostgreSQL, and the machine's busy share.",
                SAMPLE_EVERY.toSeconds(), Topics.BOOKING_REQUESTS);
        Throughput bareRun = throughput(wrk, bare, token, context);
        Throughput gatewayRun = throughput(wrk, gateway, token, context);
        long wrkRuns = settings.warmUp().isZero() ? 1 : 2;
        say(
                "After wrk: %d records in %s, %d answered 202 by the gateway",
                published.count(), Topics.BOOKING_REQUESTS, context.accepted);

        AtRate gatewayAtRate = null;
        AtRate bareAtRate = null;
        if (settings.fixedRate()) {
            say("");
            say(
                    "Fixed rate (open loop): %.0f requests/s, %s warm-up then %s measured, per target; latency from"
                            + " when each request was due",
                    settings.rate(), seconds(settings.warmUp()), seconds(settings.measured()));
            gatewayAtRate = atRate(gateway, token, context);
            bareAtRate = atRate(bare, token, context);
        }
        long publishedRecords = published.count();
        return new AcceptFigures(
                bareRun,
                gatewayRun,
                gatewayAtRate,
                bareAtRate,
                publishedRecords,
                context.accepted,
                context.refused,
                context.unanswered,
                wrkRuns * settings.connections() + context.unanswered);
    }

    /** What the phases share: the processes whose CPU is sampled, and the gateway's answers so far. */
    private static final class Context {
        final Target bare;
        final Target gateway;
        final long postmasterPid;
        long accepted;
        long refused;
        long unanswered;

        Context(Target bare, Target gateway, long postmasterPid) {
            this.bare = bare;
            this.gateway = gateway;
            this.postmasterPid = postmasterPid;
        }

        CpuSample cpu(long wrkPid) {
            return CpuSample.take(gateway.process().pid(), bare.process().pid(), wrkPid, postmasterPid);
        }
    }

    /** wrk's warm-up and measured run against one target; returns the measured one. */
    private Throughput throughput(Wrk wrk, Target target, String token, Context context) throws InterruptedException {
        if (!settings.warmUp().isZero()) {
            wrkRun(wrk, target, token, "warm-up", settings.warmUp(), context);
        }
        return wrkRun(wrk, target, token, "measured", settings.measured(), context);
    }

    private Throughput wrkRun(Wrk wrk, Target target, String token, String phase, Duration length, Context context)
            throws InterruptedException {
        CpuSample before = context.cpu(0);
        String label = runName + "-" + target.name() + "-" + phase;
        Wrk.Run run = wrk.start(
                target.createOrderUrl(),
                token,
                label,
                BODY,
                settings.threads(),
                settings.connections(),
                settings.wrkSeconds(length),
                resultFile("-wrk-" + target.name() + "-" + phase + ".txt"));
        Progress progress =
                new Progress(target, phase, before, target.countSoFar().getAsLong());
        while (run.isAlive()) {
            if (progress.due()) {
                progress.print(context.cpu(run.pid()));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        WrkReport report = run.report();
        CpuSample after = context.cpu(0);
        say(
                "[%-7s %-8s] wrk: %d answers in %.1f s, %.0f /s; latency p50 %.2f, p99 %.2f, max %.2f ms; statuses %s%s",
                target.name(),
                phase,
                report.requests(),
                report.seconds(),
                report.requestsPerSecond(),
                report.latencies().p50(),
                report.latencies().p99(),
                report.latencies().max(),
                report.statuses(),
                report.socketErrors() > 0 ? "; socket errors " + report.socketErrors() : "");
        if (target == context.gateway) {
            context.accepted += report.answered(202);
            context.refused += report.requests() - report.answered(202);
            context.unanswered += report.socketErrors();
        }
        return new Throughput(report, after.coresSince(before));
    }

    private AtRate atRate(Target target, String token, Context context) throws Exception {
        CpuSample before = context.cpu(0);
        FixedRateLoad load = new FixedRateLoad(
                target.process().baseUrl(), CREATE_ORDER_PATH, token, request -> BODY, true, answer -> {});
        try {
            CompletableFuture<FixedRateLoad.Report> report = load.runInBackground(
                    FixedRateLoad.Schedule.steady(settings.rate(), settings.warmUp(), settings.measured()),
                    runName + "-" + target.name() + "-rate");
            Progress progress = new Progress(target, "at rate", before, 0);
            while (!report.isDone()) {
                if (progress.due()) {
                    FixedRateLoad.Progress sofar = load.progress();
                    progress.printAtRate(context.cpu(0), sofar);
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
            FixedRateLoad.Report result = report.get();
            CpuSample after = context.cpu(0);
            if (target == context.gateway) {
                context.accepted +=
                        result.answered(202) + result.warmUpStatuses().getOrDefault(202, 0L);
                context.refused +=
                        answersOtherThan202(result.statuses()) + answersOtherThan202(result.warmUpStatuses());
                context.unanswered += result.failed() + result.warmUpFailed();
            }
            say(
                    "[%-7s at rate ] %d due in %.0f s at %.0f /s: p50 %.2f, p99 %.2f, p99.9 %.2f, max %.2f ms;"
                            + " statuses %s, failed %d; sender late by <= %.1f ms",
                    target.name(),
                    result.due(),
                    result.seconds(),
                    result.rate(),
                    result.latencies().p50(),
                    result.latencies().p99(),
                    result.latencies().p999(),
                    result.latencies().max(),
                    result.statuses(),
                    result.failed(),
                    result.maxSendLagMillis());
            return new AtRate(result, after.coresSince(before));
        } finally {
            load.close();
        }
    }

    private static long answersOtherThan202(Map<Integer, Long> statuses) {
        return statuses.entrySet().stream()
                .filter(entry -> entry.getKey() != 202)
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    /** Progress lines of one phase, every {@link #SAMPLE_EVERY}. */
    private static final class Progress {
        private final Target target;
        private final String phase;
        private final long startedAt = System.nanoTime();
        private CpuSample last;
        private long lastCount;
        private long lastAnswered;
        private long nextAt;

        Progress(Target target, String phase, CpuSample start, long count) {
            this.target = target;
            this.phase = phase;
            this.last = start;
            this.lastCount = count;
            this.nextAt = startedAt + SAMPLE_EVERY.toNanos();
        }

        boolean due() {
            return System.nanoTime() >= nextAt;
        }

        void print(CpuSample now) {
            long count = target.countSoFar().getAsLong();
            double seconds = Duration.between(last.at(), now.at()).toMillis() / 1000.0;
            say(
                    "[%-7s %-8s %3ds] %s %8d (+%7d, %6.0f /s)  %s",
                    target.name(),
                    phase,
                    elapsedSeconds(),
                    target.counted(),
                    count,
                    count - lastCount,
                    (count - lastCount) / Math.max(seconds, 1e-3),
                    cpuLine(now.coresSince(last)));
            next(now);
            lastCount = count;
        }

        void printAtRate(CpuSample now, FixedRateLoad.Progress sofar) {
            double seconds = Duration.between(last.at(), now.at()).toMillis() / 1000.0;
            say(
                    "[%-7s %-8s %3ds] sent %8d  finished %8d (+%7d, %6.0f /s)  in flight %5d  %s",
                    target.name(),
                    phase,
                    elapsedSeconds(),
                    sofar.sent(),
                    sofar.answered(),
                    sofar.answered() - lastAnswered,
                    (sofar.answered() - lastAnswered) / Math.max(seconds, 1e-3),
                    sofar.inFlight(),
                    cpuLine(now.coresSince(last)));
            next(now);
            lastAnswered = sofar.answered();
        }

        private void next(CpuSample now) {
            last = now;
            nextAt += SAMPLE_EVERY.toNanos();
        }

        private long elapsedSeconds() {
            return Math.round((System.nanoTime() - startedAt) / 1e9);
        }

        private static String cpuLine(CpuSample.Cores cores) {
            return format(
                    "CPU gateway %.2f bare %.2f wrk %.2f harness %.2f postgres %.2f machine %3.0f%%",
                    cores.gateway(),
                    cores.bare(),
                    cores.wrk(),
                    cores.harness(),
                    cores.postgres(),
                    cores.machineBusyShare() * 100);
        }
    }

    private HttpResponse<String> createOrder(Target target, String token, String key)
            throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create(target.createOrderUrl()))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + token)
                        .header("Prefer", "respond-async")
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(BODY))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long answeredByBare(String baseUrl) {
        try {
            return Long.parseLong(http.send(
                            HttpRequest.newBuilder(URI.create(baseUrl + BareAcceptEndpoint.ANSWERED_PATH))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body()
                    .trim());
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
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
