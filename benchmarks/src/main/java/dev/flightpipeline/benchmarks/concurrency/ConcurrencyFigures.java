package dev.flightpipeline.benchmarks.concurrency;

import static dev.flightpipeline.benchmarks.SummaryTable.aligned;
import static dev.flightpipeline.benchmarks.SummaryTable.round;
import static dev.flightpipeline.benchmarks.SummaryTable.row;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import dev.flightpipeline.benchmarks.CpuTimes;
import dev.flightpipeline.benchmarks.SummaryTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one P3 run measured, and what follows from it by Little's law: with L calls in flight, each
 * taking W on average, a booker completes at most λ = L / W bookings a second.
 *
 * @param offeredRate requests published per second
 * @param offered requests published in all
 * @param windowSeconds the measured window's length
 * @param confirmedInWindow BookingConfirmed events read from {@code booking.outcomes} in the window
 * @param meanOrderLatencySeconds W measured: SUBMITTING to CONFIRMED, mean over the bookings
 *     confirmed in the window
 * @param simulatorMeanLatencySeconds the mean of the simulator's order latency range: W if the
 *     booker added nothing to a call
 * @param inFlightLimit L: {@code booker.max-in-flight}
 * @param meanInFlight calls in progress at the simulator, mean of one sample a second in the window
 * @param peakInFlight the most calls in progress at the simulator at once, over the whole run
 * @param bookerPeakRssBytes the booker's VmHWM at the end of the run
 * @param cpuInWindow cores used in the window by the booker, the harness, PostgreSQL and the rest
 * @param meanUnreadInWindow requests published but not yet recorded by the booker (its consumer
 *     lag), mean over the window
 * @param meanWaitingInWindow bookings recorded and not yet sent (RECEIVED), mean over the window:
 *     when the in-flight limit is what binds, the backlog is here rather than unread
 * @param bookingIdsWithSeveralOrders booking ids with more than one order at the simulator
 * @param ordersCreated orders the simulator created (and answered), at the end of the run
 * @param duplicateOutcomeEvents terminal events for a booking that had one already
 * @param failed BookingFailed events
 * @param withoutTerminalAtWindowEnd requests published by the window's end with no CONFIRMED or
 *     FAILED booking then (the backlog)
 * @param withoutTerminalAfterDrain the same after publishing stopped and the drain ended
 * @param statusesAfterDrain bookings per status in the database after the drain
 * @param drainSeconds how long the drain took
 */
public record ConcurrencyFigures(
        double offeredRate,
        long offered,
        double windowSeconds,
        long confirmedInWindow,
        double meanOrderLatencySeconds,
        double simulatorMeanLatencySeconds,
        int inFlightLimit,
        double meanInFlight,
        long peakInFlight,
        long bookerPeakRssBytes,
        CpuTimes.Cores cpuInWindow,
        double meanUnreadInWindow,
        double meanWaitingInWindow,
        long bookingIdsWithSeveralOrders,
        long ordersCreated,
        long duplicateOutcomeEvents,
        long failed,
        long withoutTerminalAtWindowEnd,
        long withoutTerminalAfterDrain,
        Map<String, Long> statusesAfterDrain,
        double drainSeconds)
        implements BenchmarkRun.Summary {

    /** P3: at least this share of the Little's-law bound. */
    public static final double TARGET_RATIO = 0.95;
    /** P3: the booker's resident memory at most this. */
    public static final long TARGET_RSS_BYTES = 1L << 30;

    private static final double MIB = 1024 * 1024;

    public ConcurrencyFigures {
        statusesAfterDrain = Collections.unmodifiableMap(new TreeMap<>(statusesAfterDrain));
    }

    /** λ measured: confirmed bookings a second in the window. */
    public double bookingsPerSecond() {
        return windowSeconds <= 0 ? 0 : confirmedInWindow / windowSeconds;
    }

    /** λ at most: L / W, with W as measured. */
    public double littlesLawBound() {
        return meanOrderLatencySeconds <= 0 ? 0 : inFlightLimit / meanOrderLatencySeconds;
    }

    /** L / W with W the simulator's own mean: the bound if the booker added nothing to a call. */
    public double simulatorBound() {
        return simulatorMeanLatencySeconds <= 0 ? 0 : inFlightLimit / simulatorMeanLatencySeconds;
    }

    public double ratioToBound() {
        return ratio(littlesLawBound());
    }

    public double ratioToSimulatorBound() {
        return ratio(simulatorBound());
    }

    private double ratio(double bound) {
        return bound <= 0 ? 0 : bookingsPerSecond() / bound;
    }

    /**
     * The ratio P3 is judged on: to the higher of the two bounds. Time the booker itself adds to a
     * call slot (waiting for a database connection, say) lengthens the measured W and lowers its
     * bound; it must count against the booker, not excuse it.
     */
    public double judgedRatio() {
        return Math.min(ratioToBound(), ratioToSimulatorBound());
    }

    /** The offered load could not reach the bound: then the ratio measures the load, not the booker. */
    public boolean offeredBelowBound() {
        return offeredRate < Math.min(littlesLawBound(), simulatorBound());
    }

    /**
     * Orders Duffel created whose booking is not CONFIRMED: calls answered but not yet recorded,
     * or whose recording failed (the reconciler's to attach). 0 after a complete drain.
     */
    public long ordersWithoutConfirmedBooking() {
        return Math.max(0, ordersCreated - statusesAfterDrain.getOrDefault("CONFIRMED", 0L));
    }

    /** No booking had two orders on Duffel and none two terminal events: the invariants held. */
    @Override
    public boolean invariantsHeld() {
        return bookingIdsWithSeveralOrders == 0 && duplicateOutcomeEvents == 0;
    }

    /** Met only when measured: with the offered load below the bound, the ratio says nothing of the booker. */
    public boolean targetMet() {
        return !offeredBelowBound()
                && judgedRatio() >= TARGET_RATIO
                && bookerPeakRssBytes <= TARGET_RSS_BYTES
                && invariantsHeld();
    }

    /** The summary table, one figure a line. */
    @Override
    public String table() {
        List<String[]> rows = new ArrayList<>();
        rows.add(row("offered rate", format("%.1f /s", offeredRate), offered + " requests"));
        rows.add(row(
                "steady-state bookings/s",
                format("%.1f /s", bookingsPerSecond()),
                confirmedInWindow + " confirmed in the " + format("%.0f", windowSeconds) + " s window"));
        rows.add(row(
                "mean order latency W",
                format("%.2f s", meanOrderLatencySeconds),
                "SUBMITTING -> CONFIRMED, bookings confirmed in the window (simulator's mean "
                        + format("%.2f s", simulatorMeanLatencySeconds) + ")"));
        rows.add(row(
                "Little's-law bound L/W",
                format("%.1f /s", littlesLawBound()),
                inFlightLimit + " in flight / " + format("%.2f s", meanOrderLatencySeconds)
                        + "; with the simulator's W: " + format("%.1f /s", simulatorBound())));
        rows.add(row(
                "ratio to the bound",
                format("%.3f", ratioToBound()),
                format("%.3f to the simulator's; target >= ", ratioToSimulatorBound())
                        + TARGET_RATIO
                        + (offeredBelowBound() ? " (offered below the bound: measures the load)" : "")));
        rows.add(row(
                "calls in flight",
                format("peak %d, mean %.0f", peakInFlight, meanInFlight),
                "at the simulator; limit " + inFlightLimit));
        rows.add(row(
                "booker peak RSS",
                format("%.0f MiB", bookerPeakRssBytes / MIB),
                "VmHWM; target <= " + Math.round(TARGET_RSS_BYTES / MIB) + " MiB"));
        rows.add(row(
                "backlog in the window",
                format("unread %.0f, waiting %.0f", meanUnreadInWindow, meanWaitingInWindow),
                "means: not yet read by the booker / recorded, not yet sent (RECEIVED)"));
        rows.add(row(
                "CPU in the window",
                format("booker %.2f cores", cpuInWindow.booker()),
                format(
                        "harness %.2f, postgres %.2f, other %.2f; machine %.0f%% busy of %d cores",
                        cpuInWindow.harness(),
                        cpuInWindow.postgres(),
                        cpuInWindow.other(),
                        cpuInWindow.machineBusyShare() * 100,
                        cpuInWindow.machineCores())));
        rows.add(row("duplicate orders", Long.toString(bookingIdsWithSeveralOrders), "booking ids with > 1 order"));
        rows.add(row(
                "orders not confirmed",
                Long.toString(ordersWithoutConfirmedBooking()),
                ordersCreated + " orders created at the simulator; their bookings not CONFIRMED after the drain"));
        rows.add(row(
                "duplicate outcome events", Long.toString(duplicateOutcomeEvents), "2nd terminal event per booking"));
        rows.add(row("failed bookings", Long.toString(failed), "BookingFailed events"));
        rows.add(row(
                "bookings not terminal",
                withoutTerminalAfterDrain + " after drain",
                withoutTerminalAtWindowEnd + " at the window's end; drain " + format("%.0f s", drainSeconds)
                        + (withoutTerminalAfterDrain > 0 ? " (stopped by --drain-timeout)" : "")));
        rows.add(row(
                "statuses after drain", statusesAfterDrain.toString(), "in the database; unread ones not yet in it"));
        rows.add(row("P3", verdict(), verdictNote()));
        return aligned(rows);
    }

    private String verdict() {
        return SummaryTable.verdict(invariantsHeld(), !offeredBelowBound(), targetMet());
    }

    private String verdictNote() {
        if (!invariantsHeld()) {
            return "invariants broken: duplicates seen";
        }
        if (offeredBelowBound()) {
            return "offer more than the bound (--rate) to measure the booker";
        }
        return format("judged on %.3f of the higher bound", judgedRatio());
    }

    /** The same figures for the JSON results file. */
    @Override
    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("offeredPerSecond", round(offeredRate, 1));
        json.put("offered", offered);
        json.put("windowSeconds", round(windowSeconds, 1));
        json.put("confirmedInWindow", confirmedInWindow);
        json.put("bookingsPerSecond", round(bookingsPerSecond(), 1));
        json.put("meanOrderLatencySeconds", round(meanOrderLatencySeconds, 3));
        json.put("simulatorMeanLatencySeconds", round(simulatorMeanLatencySeconds, 3));
        json.put("inFlightLimit", inFlightLimit);
        json.put("littlesLawBoundPerSecond", round(littlesLawBound(), 1));
        json.put("simulatorBoundPerSecond", round(simulatorBound(), 1));
        json.put("ratioToBound", round(ratioToBound(), 3));
        json.put("ratioToSimulatorBound", round(ratioToSimulatorBound(), 3));
        json.put("judgedRatio", round(judgedRatio(), 3));
        json.put("offeredBelowBound", offeredBelowBound());
        json.put("peakInFlight", peakInFlight);
        json.put("meanInFlight", round(meanInFlight, 0));
        json.put("bookerPeakRssBytes", bookerPeakRssBytes);
        json.put("bookerPeakRssMiB", round(bookerPeakRssBytes / MIB, 0));
        json.put("meanUnreadInWindow", round(meanUnreadInWindow, 0));
        json.put("meanWaitingInWindow", round(meanWaitingInWindow, 0));
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("bookerCores", round(cpuInWindow.booker(), 2));
        cpu.put("harnessCores", round(cpuInWindow.harness(), 2));
        cpu.put("postgresCores", round(cpuInWindow.postgres(), 2));
        cpu.put("otherCores", round(cpuInWindow.other(), 2));
        cpu.put("machineBusyShare", round(cpuInWindow.machineBusyShare(), 2));
        cpu.put("machineCores", cpuInWindow.machineCores());
        json.put("cpuInWindow", cpu);
        json.put("duplicateOrders", bookingIdsWithSeveralOrders);
        json.put("ordersCreated", ordersCreated);
        json.put("ordersNotConfirmed", ordersWithoutConfirmedBooking());
        json.put("duplicateOutcomeEvents", duplicateOutcomeEvents);
        json.put("failed", failed);
        json.put("notTerminalAtWindowEnd", withoutTerminalAtWindowEnd);
        json.put("notTerminalAfterDrain", withoutTerminalAfterDrain);
        json.put("statusesAfterDrain", statusesAfterDrain);
        json.put("drainSeconds", round(drainSeconds, 1));
        json.put("targetRatio", TARGET_RATIO);
        json.put("targetRssBytes", TARGET_RSS_BYTES);
        json.put("p3Met", targetMet());
        return json;
    }

    static String format(String pattern, Object... values) {
        return SummaryTable.format(pattern, values);
    }
}
