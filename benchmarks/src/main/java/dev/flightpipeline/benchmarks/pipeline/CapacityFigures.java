package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.SummaryTable.aligned;
import static dev.flightpipeline.benchmarks.SummaryTable.format;
import static dev.flightpipeline.benchmarks.SummaryTable.round;
import static dev.flightpipeline.benchmarks.SummaryTable.row;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import dev.flightpipeline.benchmarks.SummaryTable;
import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import dev.flightpipeline.benchmarks.pipeline.PipelineProgress.Sample;
import dev.flightpipeline.benchmarks.pipeline.PipelineSettings.Entry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one P2 run measured: confirmed bookings a second through the whole pipeline, with the
 * simulator answering at once, against the 1,000/s target.
 *
 * @param entry where the requests entered
 * @param offeredRate requests offered per second
 * @param offered requests sent in all
 * @param accepted of those, taken: the gateway's 202s, or the broker's acknowledgements
 * @param windowSeconds the measured window's length
 * @param acceptedInWindow requests taken in the window
 * @param confirmedInWindow BookingConfirmed events read (read_committed) in the window
 * @param slowestIntervalRate confirmations a second in the window's slowest 5-s interval
 * @param cpuInWindow cores each process used in the window
 * @param unanswered requests without an answer (the gateway's, after 30 s) or refused by the broker
 * @param answersNotAccepted the gateway's answers other than 202, by status
 */
record CapacityFigures(
        Entry entry,
        double offeredRate,
        long offered,
        long accepted,
        double windowSeconds,
        long acceptedInWindow,
        long confirmedInWindow,
        double slowestIntervalRate,
        ProcessCpu.Cores cpuInWindow,
        long unanswered,
        Map<Integer, Long> answersNotAccepted,
        long failed,
        long duplicateOutcomeEvents,
        long bookingIdsWithSeveralOrders,
        long notTerminalAtWindowEnd,
        long notTerminalAfterDrain,
        Map<String, Long> statusesAfterDrain,
        double drainSeconds)
        implements BenchmarkRun.Summary {

    /** P2: at least this many confirmed bookings a second... */
    static final double TARGET_PER_SECOND = 1_000;
    /** ...sustained this long. */
    static final Duration TARGET_WINDOW = Duration.ofSeconds(60);

    CapacityFigures {
        answersNotAccepted = Collections.unmodifiableMap(new TreeMap<>(answersNotAccepted));
        statusesAfterDrain = Collections.unmodifiableMap(new TreeMap<>(statusesAfterDrain));
    }

    static CapacityFigures of(PipelineSettings settings, PipelineResult result) {
        Sample start = result.windowStart();
        Sample end = result.windowEnd();
        FixedRateLoad.Report load = result.load();
        long unanswered = load == null ? result.offered() - result.accepted() : load.failed() + load.warmUpFailed();
        Map<Integer, Long> notAccepted = new TreeMap<>();
        if (load != null) {
            load.warmUpStatuses().forEach((status, count) -> notAccepted.merge(status, count, Long::sum));
            load.statuses().forEach((status, count) -> notAccepted.merge(status, count, Long::sum));
            notAccepted.remove(202);
        }
        return new CapacityFigures(
                settings.entry(),
                settings.rate(),
                result.offered(),
                result.accepted(),
                seconds(start, end),
                end.accepted() - start.accepted(),
                end.confirmed() - start.confirmed(),
                slowestIntervalRate(start, result.inWindow()),
                end.cpu().coresSince(start.cpu()),
                unanswered,
                notAccepted,
                result.failed(),
                result.duplicateOutcomeEvents(),
                result.bookingIdsWithSeveralOrders(),
                result.notTerminalAtWindowEnd(),
                result.notTerminalAfterDrain(),
                result.statusesAfterDrain(),
                result.drainSeconds());
    }

    /** Confirmations a second in the slowest interval between consecutive samples, from {@code start}. */
    static double slowestIntervalRate(Sample start, List<Sample> inWindow) {
        double slowest = Double.MAX_VALUE;
        Sample previous = start;
        for (Sample sample : inWindow) {
            double seconds = seconds(previous, sample);
            if (seconds >= 1) {
                slowest = Math.min(slowest, (sample.confirmed() - previous.confirmed()) / seconds);
            }
            previous = sample;
        }
        return slowest == Double.MAX_VALUE ? 0 : slowest;
    }

    private static double seconds(Sample from, Sample to) {
        return Duration.between(from.at(), to.at()).toMillis() / 1000.0;
    }

    /** Confirmed bookings a second over the window: the P2 figure. */
    double bookingsPerSecond() {
        return windowSeconds <= 0 ? 0 : confirmedInWindow / windowSeconds;
    }

    double acceptedPerSecond() {
        return windowSeconds <= 0 ? 0 : acceptedInWindow / windowSeconds;
    }

    double ratioToTarget() {
        return bookingsPerSecond() / TARGET_PER_SECOND;
    }

    /** The intake took clearly less than was offered: what came after it was not offered the rate. */
    boolean intakeWasTheLimit() {
        return acceptedPerSecond() < 0.95 * offeredRate;
    }

    @Override
    public boolean invariantsHeld() {
        return duplicateOutcomeEvents == 0 && bookingIdsWithSeveralOrders == 0;
    }

    /** Measured only when the target's rate was offered for the target's window. */
    boolean measured() {
        return offeredRate >= TARGET_PER_SECOND && windowSeconds >= TARGET_WINDOW.toSeconds() - 0.5;
    }

    boolean targetMet() {
        return measured() && invariantsHeld() && bookingsPerSecond() >= TARGET_PER_SECOND;
    }

    @Override
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row(
                "entry",
                entry == Entry.GATEWAY ? "gateway" : "kafka",
                entry == Entry.GATEWAY
                        ? "POST create-order with Prefer: respond-async (202 once published): the whole pipeline"
                        : "published to booking.requests as the gateway does; no gateway running"));
        rows.add(row("offered rate", format("%.1f /s", offeredRate), offered + " requests, open loop"));
        rows.add(row(
                "accepted in the window",
                format("%.1f /s", acceptedPerSecond()),
                acceptedInWindow + " " + (entry == Entry.GATEWAY ? "answered 202" : "published") + "; " + accepted
                        + " in all"
                        + (intakeWasTheLimit() ? " (below the offered rate: the intake was a limit)" : "")));
        rows.add(row(
                "confirmed bookings/s",
                format("%.1f /s", bookingsPerSecond()),
                confirmedInWindow + " BookingConfirmed (read_committed) in the " + format("%.0f", windowSeconds)
                        + " s window; slowest 5 s: " + format("%.1f /s", slowestIntervalRate)));
        rows.add(row(
                "ratio to the target",
                format("%.3f", ratioToTarget()),
                format("target >= %.0f /s sustained for %d s", TARGET_PER_SECOND, TARGET_WINDOW.toSeconds())));
        rows.add(row(
                "CPU in the window",
                cpuInWindow.describe(),
                format(
                        "other %.2f; machine %.0f%% busy of %d cores",
                        cpuInWindow.other(), cpuInWindow.machineBusyShare() * 100, cpuInWindow.machineCores())));
        rows.add(row("limits", limitValue(), limitNote()));
        rows.add(row(
                "unanswered / refused",
                unanswered + " / " + answersNotAccepted,
                entry == Entry.GATEWAY
                        ? "no answer within 30 s / answers other than 202, by status"
                        : "refused by the broker"));
        rows.add(row("failed bookings", Long.toString(failed), "BookingFailed events"));
        rows.add(row(
                "duplicates",
                bookingIdsWithSeveralOrders + " / " + duplicateOutcomeEvents,
                "booking ids with > 1 order at the simulator / 2nd terminal events: must be 0"));
        rows.add(row(
                "bookings not terminal",
                notTerminalAfterDrain + " after drain",
                notTerminalAtWindowEnd + " at the window's end; drain " + format("%.0f s", drainSeconds)));
        rows.add(row("statuses after drain", statusesAfterDrain.toString(), "in the database"));
        rows.add(row("P2", SummaryTable.verdict(invariantsHeld(), measured(), targetMet()), verdictNote()));
        return aligned(rows);
    }

    private String limitValue() {
        return entry == Entry.GATEWAY ? "the gateway's intake" : "gateway not in path";
    }

    private String limitNote() {
        return entry == Entry.GATEWAY
                ? "through the gateway, P2 is bound by its accept path: a few hundred req/s at best on this machine"
                        + " (scripts/bench-p1 measures it alone); --entry=kafka measures what follows it."
                        + " Producer and PostgreSQL limits: scripts/bench-limits"
                : "requests skip the gateway's validation, token check and idempotency insert; producer and"
                        + " PostgreSQL limits: scripts/bench-limits";
    }

    private String verdictNote() {
        if (!invariantsHeld()) {
            return "invariants broken: duplicates seen";
        }
        if (!measured()) {
            return format(
                    "offer >= %.0f /s (--rate) for >= %d s (--duration) to measure P2",
                    TARGET_PER_SECOND, TARGET_WINDOW.toSeconds());
        }
        return format(
                "%.1f confirmed/s over %.0f s, target %.0f", bookingsPerSecond(), windowSeconds, TARGET_PER_SECOND);
    }

    @Override
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entry", entry.name().toLowerCase(Locale.ROOT));
        json.put("offeredPerSecond", round(offeredRate, 1));
        json.put("offered", offered);
        json.put("accepted", accepted);
        json.put("windowSeconds", round(windowSeconds, 1));
        json.put("acceptedInWindow", acceptedInWindow);
        json.put("acceptedPerSecond", round(acceptedPerSecond(), 1));
        json.put("confirmedInWindow", confirmedInWindow);
        json.put("bookingsPerSecond", round(bookingsPerSecond(), 1));
        json.put("slowestIntervalPerSecond", round(slowestIntervalRate, 1));
        json.put("ratioToTarget", round(ratioToTarget(), 3));
        json.put("cpuInWindow", cpuInWindow.asJson());
        json.put("unanswered", unanswered);
        json.put("answersNotAccepted", answersNotAccepted);
        json.put("failed", failed);
        json.put("duplicateOrders", bookingIdsWithSeveralOrders);
        json.put("duplicateOutcomeEvents", duplicateOutcomeEvents);
        json.put("notTerminalAtWindowEnd", notTerminalAtWindowEnd);
        json.put("notTerminalAfterDrain", notTerminalAfterDrain);
        json.put("statusesAfterDrain", statusesAfterDrain);
        json.put("drainSeconds", round(drainSeconds, 1));
        json.put("targetPerSecond", TARGET_PER_SECOND);
        json.put("measured", measured());
        json.put("p2Met", targetMet());
        return json;
    }
}
