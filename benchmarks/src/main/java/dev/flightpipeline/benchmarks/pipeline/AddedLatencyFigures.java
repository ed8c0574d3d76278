package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.SummaryTable.aligned;
import static dev.flightpipeline.benchmarks.SummaryTable.format;
import static dev.flightpipeline.benchmarks.SummaryTable.round;
import static dev.flightpipeline.benchmarks.SummaryTable.row;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import dev.flightpipeline.benchmarks.SummaryTable;
import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import dev.flightpipeline.benchmarks.accept.Latencies;
import dev.flightpipeline.benchmarks.pipeline.PipelineResult.AddedStages;
import dev.flightpipeline.benchmarks.pipeline.PipelineResult.BookedRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What one P4 run measured: for each request due in the window and answered 201 (booked), the
 * gateway's latency (from when the request was due), the simulator's own latency for its order,
 * and the difference, what the pipeline added; their distributions against the 50 ms target.
 *
 * @param rate requests a second, each waiting for its outcome
 * @param windowSeconds the measured window's length
 * @param due requests due in the window
 * @param statuses their answers by HTTP status
 * @param unanswered those without an answer within 30 s
 * @param bookedWithoutOrderLatency answered 201, but the simulator has no latency for the order
 * @param gateway the gateway's 201 latencies
 * @param simulator the simulator's order latencies for the same bookings
 * @param added gateway minus simulator, request by request
 * @param addedByStage the same, split where the booker recorded RECEIVED, SUBMITTING and CONFIRMED
 * @param maxSendLagMillis how late the load itself was at worst
 * @param cpuInWindow cores each process used in the window
 */
record AddedLatencyFigures(
        double rate,
        double windowSeconds,
        long due,
        Map<Integer, Long> statuses,
        long unanswered,
        long bookedWithoutOrderLatency,
        Latencies gateway,
        Latencies simulator,
        Latencies added,
        Stages addedByStage,
        double maxSendLagMillis,
        ProcessCpu.Cores cpuInWindow,
        long failed,
        long duplicateOutcomeEvents,
        long bookingIdsWithSeveralOrders)
        implements BenchmarkRun.Summary {

    /** P4: the p99 of what the pipeline adds at most this... */
    static final double TARGET_P99_MILLIS = 50;
    /** ...at this rate. */
    static final double TARGET_RATE = 200;

    AddedLatencyFigures {
        statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
    }

    static AddedLatencyFigures of(PipelineSettings settings, PipelineResult result) {
        FixedRateLoad.Report load = result.load();
        List<BookedRequest> booked = result.booked();
        return new AddedLatencyFigures(
                settings.rate(),
                load.seconds(),
                load.due(),
                load.statuses(),
                load.failed(),
                result.bookedWithoutOrderLatency(),
                Latencies.ofNanos(
                        booked.stream().mapToLong(BookedRequest::gatewayNanos).toArray()),
                Latencies.ofNanos(
                        booked.stream().mapToLong(BookedRequest::simulatorNanos).toArray()),
                Latencies.ofNanos(
                        booked.stream().mapToLong(BookedRequest::addedNanos).toArray()),
                Stages.of(booked),
                load.maxSendLagMillis(),
                result.windowEnd().cpu().coresSince(result.windowStart().cpu()),
                result.failed(),
                result.duplicateOutcomeEvents(),
                result.bookingIdsWithSeveralOrders());
    }

    long booked() {
        return statuses.getOrDefault(201, 0L) - bookedWithoutOrderLatency;
    }

    /** Every request due in the window was booked, and its order's latency is known. */
    boolean everyRequestBooked() {
        return booked() == due;
    }

    @Override
    public boolean invariantsHeld() {
        return duplicateOutcomeEvents == 0 && bookingIdsWithSeveralOrders == 0;
    }

    boolean measured() {
        return rate == TARGET_RATE;
    }

    boolean targetMet() {
        return measured() && invariantsHeld() && everyRequestBooked() && added.p99() <= TARGET_P99_MILLIS;
    }

    @Override
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row(
                "rate",
                format("%.1f /s", rate),
                due + " due in the " + format("%.0f", windowSeconds)
                        + " s window; POST create-order waiting for the outcome (201 once confirmed)"));
        rows.add(row(
                "answers",
                statuses.toString(),
                "by status; " + unanswered + " unanswered within 30 s; " + booked()
                        + " booked with a known order latency"
                        + (bookedWithoutOrderLatency > 0 ? ", " + bookedWithoutOrderLatency + " without" : "")));
        rows.add(distribution("added by the pipeline", added, format("target p99 <= %.0f ms", TARGET_P99_MILLIS)));
        if (addedByStage.requests() > 0) {
            rows.add(distribution(
                    "  to RECEIVED",
                    addedByStage.intake(),
                    "from when due: the gateway's accept path, Kafka, the booker's intake"));
            rows.add(distribution(
                    "  to SUBMITTING",
                    addedByStage.beforeOrder(),
                    "the booking and the offer read, the submission's transaction"));
            rows.add(distribution(
                    "  to CONFIRMED",
                    addedByStage.aroundOrder(),
                    "less the simulator's order latency: the order's HTTP, the confirmation's transaction"));
            rows.add(distribution(
                    "  to the 201",
                    addedByStage.answer(),
                    "the outbox relay, Kafka, the gateway's outcome read and answer; " + addedByStage.requests()
                            + " requests"));
        }
        rows.add(distribution("gateway 201 latency", gateway, "from when each request was due"));
        rows.add(distribution("simulator order latency", simulator, "POST /air/orders, request to answer"));
        rows.add(row(
                "CPU in the window",
                cpuInWindow.describe(),
                format(
                        "other %.2f; machine %.0f%% busy of %d cores; load late by <= %.1f ms",
                        cpuInWindow.other(),
                        cpuInWindow.machineBusyShare() * 100,
                        cpuInWindow.machineCores(),
                        maxSendLagMillis)));
        rows.add(row("failed bookings", Long.toString(failed), "BookingFailed events, whole run"));
        rows.add(row(
                "duplicates",
                bookingIdsWithSeveralOrders + " / " + duplicateOutcomeEvents,
                "booking ids with > 1 order at the simulator / 2nd terminal events: must be 0"));
        rows.add(row("P4", SummaryTable.verdict(invariantsHeld(), measured(), targetMet()), verdictNote()));
        return aligned(rows);
    }

    /**
     * The added time of the booked requests whose state changes the booker recorded, stage by stage
     * (see {@link AddedStages}).
     */
    record Stages(long requests, Latencies intake, Latencies beforeOrder, Latencies aroundOrder, Latencies answer) {

        static Stages of(List<BookedRequest> booked) {
            List<AddedStages> stages = booked.stream()
                    .map(BookedRequest::stages)
                    .filter(Objects::nonNull)
                    .toList();
            return new Stages(
                    stages.size(),
                    Latencies.ofNanos(
                            stages.stream().mapToLong(AddedStages::intakeNanos).toArray()),
                    Latencies.ofNanos(stages.stream()
                            .mapToLong(AddedStages::beforeOrderNanos)
                            .toArray()),
                    Latencies.ofNanos(stages.stream()
                            .mapToLong(AddedStages::aroundOrderNanos)
                            .toArray()),
                    Latencies.ofNanos(
                            stages.stream().mapToLong(AddedStages::answerNanos).toArray()));
        }

        Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("requests", requests);
            json.put("toReceived", intake.asJson());
            json.put("toSubmitting", beforeOrder.asJson());
            json.put("toConfirmedLessSimulator", aroundOrder.asJson());
            json.put("toAnswer", answer.asJson());
            return json;
        }
    }

    private static String[] distribution(String label, Latencies latencies, String note) {
        return row(
                label,
                format(
                        "p50 %.1f  p90 %.1f  p99 %.1f  max %.1f ms",
                        latencies.p50(), latencies.p90(), latencies.p99(), latencies.max()),
                note);
    }

    private String verdictNote() {
        if (!invariantsHeld()) {
            return "invariants broken: duplicates seen";
        }
        if (!measured()) {
            return format("run at %.0f /s (--rate) to measure P4", TARGET_RATE);
        }
        if (!everyRequestBooked()) {
            return (due - booked()) + " of " + due + " requests not booked in time";
        }
        return format("p99 added %.1f ms, target <= %.0f ms", added.p99(), TARGET_P99_MILLIS);
    }

    @Override
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("ratePerSecond", round(rate, 1));
        json.put("windowSeconds", round(windowSeconds, 1));
        json.put("due", due);
        json.put("statuses", statuses);
        json.put("unanswered", unanswered);
        json.put("booked", booked());
        json.put("bookedWithoutOrderLatency", bookedWithoutOrderLatency);
        json.put("addedMillis", added.asJson());
        json.put("addedByStageMillis", addedByStage.asJson());
        json.put("gatewayMillis", gateway.asJson());
        json.put("simulatorMillis", simulator.asJson());
        json.put("maxSendLagMillis", round(maxSendLagMillis, 2));
        json.put("cpuInWindow", cpuInWindow.asJson());
        json.put("failed", failed);
        json.put("duplicateOrders", bookingIdsWithSeveralOrders);
        json.put("duplicateOutcomeEvents", duplicateOutcomeEvents);
        json.put("targetP99Millis", TARGET_P99_MILLIS);
        json.put("measured", measured());
        json.put("p4Met", targetMet());
        return json;
    }
}
