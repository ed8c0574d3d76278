package dev.flightpipeline.benchmarks.accept;

import static dev.flightpipeline.benchmarks.SummaryTable.aligned;
import static dev.flightpipeline.benchmarks.SummaryTable.round;
import static dev.flightpipeline.benchmarks.SummaryTable.row;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import dev.flightpipeline.benchmarks.SummaryTable;
import dev.flightpipeline.benchmarks.accept.CpuSample.Cores;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P1's figures: the gateway's accept path against the bare endpoint with the same wrk settings, the
 * latencies at a fixed rate, and the check that every 202 was a published request.
 *
 * @param bare wrk's measured run against the bare endpoint
 * @param gateway wrk's measured run against the gateway
 * @param gatewayAtRate the fixed-rate run against the gateway, or null if skipped ({@code --rate=0})
 * @param bareAtRate the fixed-rate run against the bare endpoint, or null if skipped
 * @param publishedRecords records in {@code booking.requests} at the end
 * @param gatewayAccepted 202 answers of the gateway over the whole run: the check request, warm-ups,
 *     measured and fixed-rate runs
 * @param gatewayRefused the gateway's answers that were not 202, all runs
 * @param gatewayUnanswered requests to the gateway without an answer: wrk's socket errors and
 *     timeouts, the fixed-rate run's failed requests
 * @param mayBeCutOff requests that may have been published without their answer being counted: those
 *     in flight when a wrk run stopped (at most its connections) and those without an answer; a bound
 */
record AcceptFigures(
        Throughput bare,
        Throughput gateway,
        AtRate gatewayAtRate,
        AtRate bareAtRate,
        long publishedRecords,
        long gatewayAccepted,
        long gatewayRefused,
        long gatewayUnanswered,
        long mayBeCutOff)
        implements BenchmarkRun.Summary {

    static final double TARGET_RATIO = 0.5;
    static final double TARGET_P99_MILLIS = 25;
    static final double TARGET_RATE = 1000;

    /** A wrk measured run and the CPU each part used in it. */
    record Throughput(WrkReport report, Cores cpu) {}

    /** A fixed-rate run and the CPU each part used in it. */
    record AtRate(FixedRateLoad.Report report, Cores cpu) {}

    double ratio() {
        double limit = bare.report().requestsPerSecond();
        return limit <= 0 ? 0 : gateway.report().requestsPerSecond() / limit;
    }

    boolean ratioMet() {
        return ratio() >= TARGET_RATIO;
    }

    /** Whether the latency target was measured as written: at 1,000 requests/s. */
    boolean latencyMeasured() {
        return gatewayAtRate != null && gatewayAtRate.report().rate() == TARGET_RATE;
    }

    boolean latencyMet() {
        return latencyMeasured()
                && gatewayAtRate.report().failed() == 0
                && gatewayAtRate.report().latencies().p99() <= TARGET_P99_MILLIS;
    }

    /** Published records whose 202 was not counted: cut off by the load tool, or never answered. */
    long publishedWithoutAnswer() {
        return publishedRecords - gatewayAccepted;
    }

    /**
     * Every 202 was a published request (records ≥ 202 answers), and no more were published than
     * answered plus those that may have been cut off.
     */
    @Override
    public boolean invariantsHeld() {
        return publishedWithoutAnswer() >= 0 && publishedWithoutAnswer() <= mayBeCutOff;
    }

    String verdict() {
        if (!invariantsHeld() || gatewayRefused > 0) {
            return "NOT MET";
        }
        if (!latencyMeasured()) {
            return ratioMet() ? "NOT MEASURED" : "NOT MET";
        }
        return ratioMet() && latencyMet() ? "MET" : "NOT MET";
    }

    @Override
    public String table() {
        List<String[]> rows = new ArrayList<>();
        WrkReport limit = bare.report();
        WrkReport accept = gateway.report();
        rows.add(row(
                "bare WebFlux requests/s",
                format("%.0f /s", limit.requestsPerSecond()),
                format("the limit; %d answers in %.1f s, ", limit.requests(), limit.seconds())
                        + latencyNote(limit.latencies())));
        rows.add(row(
                "gateway requests/s",
                format("%.0f /s", accept.requestsPerSecond()),
                format("accept path; %d answers in %.1f s, ", accept.requests(), accept.seconds())
                        + latencyNote(accept.latencies())));
        rows.add(row(
                "ratio gateway / bare",
                format("%.3f", ratio()),
                "target >= " + TARGET_RATIO + (ratioMet() ? " (met)" : " (not met)")));
        if (gatewayAtRate != null) {
            FixedRateLoad.Report atRate = gatewayAtRate.report();
            rows.add(row(
                    format("gateway p99 at %.0f req/s", atRate.rate()),
                    format("%.2f ms", atRate.latencies().p99()),
                    "target <= " + format("%.0f", TARGET_P99_MILLIS) + " ms at 1000 req/s"
                            + (latencyMeasured() ? (latencyMet() ? " (met)" : " (not met)") : " (other rate)")
                            + "; " + rateNote(atRate)));
        }
        if (bareAtRate != null) {
            FixedRateLoad.Report atRate = bareAtRate.report();
            rows.add(row(
                    format("bare p99 at %.0f req/s", atRate.rate()),
                    format("%.2f ms", atRate.latencies().p99()),
                    "for reference; " + rateNote(atRate)));
        }
        rows.add(row("CPU, bare run", cores(bare.cpu().bare()), cpuNote(bare.cpu())));
        rows.add(row("CPU, gateway run", cores(gateway.cpu().gateway()), cpuNote(gateway.cpu())));
        if (gatewayAtRate != null) {
            rows.add(row("CPU, gateway at rate", cores(gatewayAtRate.cpu().gateway()), cpuNote(gatewayAtRate.cpu())));
        }
        rows.add(row(
                "records in booking.requests",
                Long.toString(publishedRecords),
                format(
                        "= gateway 202 answers %d + %d published whose answer was not counted (may be %d: in flight"
                                + " when wrk stopped, or unanswered)%s",
                        gatewayAccepted, publishedWithoutAnswer(), mayBeCutOff, invariantsHeld() ? "" : " BROKEN")));
        rows.add(row(
                "gateway answers not 202",
                Long.toString(gatewayRefused),
                format("all runs (must be 0); requests without an answer: %d", gatewayUnanswered)));
        rows.add(row("P1", verdict(), verdictNote()));
        return aligned(rows);
    }

    private String verdictNote() {
        if (!invariantsHeld()) {
            return "records and 202 answers disagree: see above";
        }
        if (gatewayRefused > 0) {
            return "the gateway answered something other than 202";
        }
        String ratio = format("ratio %.3f (target >= %.1f)", ratio(), TARGET_RATIO);
        if (!latencyMeasured()) {
            return ratio + "; the p99 target is measured at 1000 req/s (--rate=1000)";
        }
        return ratio
                + format(
                        ", p99 at 1000 req/s %.2f ms (target <= %.0f)",
                        gatewayAtRate.report().latencies().p99(), TARGET_P99_MILLIS);
    }

    private static String latencyNote(Latencies latencies) {
        return format("p50 %.2f / p99 %.2f ms (closed loop)", latencies.p50(), latencies.p99());
    }

    private static String rateNote(FixedRateLoad.Report atRate) {
        Latencies latencies = atRate.latencies();
        return format(
                "p50 %.2f, p99.9 %.2f, max %.2f ms; %d due, %d failed; sender late by <= %.1f ms",
                latencies.p50(),
                latencies.p999(),
                latencies.max(),
                atRate.due(),
                atRate.failed(),
                atRate.maxSendLagMillis());
    }

    private static String cores(double target) {
        return format("%.2f cores", target);
    }

    private static String cpuNote(Cores cpu) {
        return format(
                "of the target; wrk %.2f, harness %.2f, postgres %.2f, other %.2f; machine %.0f%% busy of %d cores",
                cpu.wrk(),
                cpu.harness(),
                cpu.postgres(),
                cpu.other(),
                cpu.machineBusyShare() * 100,
                cpu.machineCores());
    }

    /** The same figures for the JSON results file. */
    @Override
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bareRequestsPerSecond", round(bare.report().requestsPerSecond(), 1));
        json.put("gatewayRequestsPerSecond", round(gateway.report().requestsPerSecond(), 1));
        json.put("ratio", round(ratio(), 3));
        json.put("targetRatio", TARGET_RATIO);
        json.put("bare", throughputJson(bare));
        json.put("gateway", throughputJson(gateway));
        if (gatewayAtRate != null) {
            json.put("gatewayAtRate", atRateJson(gatewayAtRate));
        }
        if (bareAtRate != null) {
            json.put("bareAtRate", atRateJson(bareAtRate));
        }
        json.put("targetP99Millis", TARGET_P99_MILLIS);
        json.put("targetRate", TARGET_RATE);
        json.put("publishedRecords", publishedRecords);
        json.put("gatewayAccepted", gatewayAccepted);
        json.put("gatewayRefused", gatewayRefused);
        json.put("gatewayUnanswered", gatewayUnanswered);
        json.put("publishedWithoutAnswer", publishedWithoutAnswer());
        json.put("mayBeCutOff", mayBeCutOff);
        json.put("invariantsHeld", invariantsHeld());
        json.put("ratioMet", ratioMet());
        json.put("latencyMet", latencyMet());
        json.put("p1", verdict());
        return json;
    }

    private static Map<String, Object> throughputJson(Throughput run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requests", run.report().requests());
        json.put("seconds", round(run.report().seconds(), 2));
        json.put("requestsPerSecond", round(run.report().requestsPerSecond(), 1));
        json.put("latencyMillis", run.report().latencies().asJson());
        json.put("statuses", run.report().statuses());
        json.put("nonSuccess", run.report().nonSuccess());
        json.put("socketErrors", run.report().socketErrors());
        json.put("cpu", cpuJson(run.cpu()));
        return json;
    }

    private static Map<String, Object> atRateJson(AtRate run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rate", run.report().rate());
        json.put("seconds", run.report().seconds());
        json.put("due", run.report().due());
        json.put("statuses", run.report().statuses());
        json.put("failed", run.report().failed());
        json.put("latencyMillis", run.report().latencies().asJson());
        json.put("maxSendLagMillis", round(run.report().maxSendLagMillis(), 2));
        json.put("cpu", cpuJson(run.cpu()));
        return json;
    }

    private static Map<String, Object> cpuJson(Cores cpu) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("gatewayCores", round(cpu.gateway(), 2));
        json.put("bareCores", round(cpu.bare(), 2));
        json.put("wrkCores", round(cpu.wrk(), 2));
        json.put("harnessCores", round(cpu.harness(), 2));
        json.put("postgresCores", round(cpu.postgres(), 2));
        json.put("otherCores", round(cpu.other(), 2));
        json.put("machineBusyShare", round(cpu.machineBusyShare(), 2));
        json.put("machineCores", cpu.machineCores());
        return json;
    }

    static String format(String pattern, Object... values) {
        return SummaryTable.format(pattern, values);
    }
}
