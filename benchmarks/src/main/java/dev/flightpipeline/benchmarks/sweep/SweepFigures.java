package dev.flightpipeline.benchmarks.sweep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a P5 run measured: the table's size and, per batch size, the claim's times and plan.
 *
 * @param bookings rows in {@code booking} at the end
 * @param open of them RECEIVED, SUBMITTING or UNKNOWN (the stuck ones)
 */
public record SweepFigures(long bookings, long open, Duration loading, List<BatchFigures> batches) {

    /** P5's limit for one claim. */
    static final double TARGET_MILLIS = 20.0;

    /** The reconciler's claim index: the plan must find the due bookings through it. */
    static final String INDEX = "booking_reconciler_due";

    /** The claimed rows, once found, are updated through the primary key: no other way into booking. */
    static final String PRIMARY_KEY = "booking_pkey";

    /**
     * @param claimDue {@code BookingTransitions.claimDue} as the reconciler calls it (one statement,
     *     its own transaction), from the client
     * @param serverExecution PostgreSQL's own execution time of the claim (EXPLAIN ANALYZE)
     * @param hotLeases of one claim's lease updates, those that were HOT: a new row version on the
     *     same page and no index entry
     */
    public record BatchFigures(
            int batch,
            Timings claimDue,
            Timings serverExecution,
            int hotLeases,
            String planShape,
            List<String> bookingScans) {

        /** The claim index finds the due bookings, and every read of booking is through it or the key. */
        public boolean findsThroughTheIndex() {
            return bookingScans.stream().anyMatch(scan -> scan.contains("(" + INDEX + ")"))
                    && bookingScans.stream()
                            .allMatch(
                                    scan -> scan.contains("(" + INDEX + ")") || scan.contains("(" + PRIMARY_KEY + ")"));
        }

        public boolean met() {
            return findsThroughTheIndex() && claimDue.median() <= TARGET_MILLIS;
        }
    }

    /** Milliseconds: median, 95th percentile (nearest rank), max, over {@code runs} samples. */
    public record Timings(int runs, double median, double p95, double max) {

        public static Timings of(List<Double> samples) {
            List<Double> sorted = new ArrayList<>(samples);
            sorted.sort(null);
            int n = sorted.size();
            double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
            double p95 = sorted.get(Math.max(0, (int) Math.ceil(0.95 * n) - 1));
            return new Timings(n, median, p95, sorted.get(n - 1));
        }

        String row() {
            return String.format(Locale.ROOT, "%.2f / %.2f / %.2f", median, p95, max);
        }

        Map<String, Object> asJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("runs", runs);
            json.put("medianMs", median);
            json.put("p95Ms", p95);
            json.put("maxMs", max);
            return json;
        }
    }

    /** The summary table, one column per batch size. */
    public String table() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "| %-44s |", "figure"));
        batches.forEach(batch -> table.append(String.format(Locale.ROOT, " %-50s |", "batch " + batch.batch())));
        table.append('\n').append("| ").append("-".repeat(44)).append(" |");
        batches.forEach(batch -> table.append(' ').append("-".repeat(50)).append(" |"));
        table.append('\n');
        row(table, "bookings in the table", batch -> String.format(Locale.ROOT, "%,d", bookings));
        row(table, "stuck (UNKNOWN / SUBMITTING, due)", batch -> String.format(Locale.ROOT, "%,d", open));
        row(
                table,
                "claimDue ms: median / p95 / max",
                batch -> batch.claimDue().row() + " (" + batch.claimDue().runs() + " runs)");
        row(
                table,
                "server execution ms: median / p95 / max",
                batch -> batch.serverExecution().row());
        row(table, "HOT lease updates in a claim", batch -> batch.hotLeases() + " of " + batch.batch());
        row(table, "plan (finding the due bookings)", BatchFigures::planShape);
        row(table, "reads of booking", batch -> String.join(", ", batch.bookingScans()));
        row(table, "target", batch -> "claim ≤ 20 ms, found through " + INDEX);
        row(
                table,
                "P5 (claim)",
                batch -> batch.met()
                        ? "MET"
                        : batch.findsThroughTheIndex() ? "NOT MET (time)" : "NOT MET (not the index)");
        return table.toString();
    }

    private void row(StringBuilder table, String name, java.util.function.Function<BatchFigures, String> value) {
        table.append(String.format(Locale.ROOT, "| %-44s |", name));
        batches.forEach(batch -> table.append(String.format(Locale.ROOT, " %-50s |", value.apply(batch))));
        table.append('\n');
    }

    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("bookings", bookings);
        json.put("stuck", open);
        json.put("loadingSeconds", loading.toMillis() / 1000.0);
        json.put("targetMs", TARGET_MILLIS);
        List<Map<String, Object>> perBatch = new ArrayList<>();
        for (BatchFigures batch : batches) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("batch", batch.batch());
            figures.put("claimDue", batch.claimDue().asJson());
            figures.put("serverExecution", batch.serverExecution().asJson());
            figures.put("hotLeases", batch.hotLeases());
            figures.put("plan", batch.planShape());
            figures.put("bookingScans", batch.bookingScans());
            figures.put("findsThroughTheIndex", batch.findsThroughTheIndex());
            figures.put("met", batch.met());
            perBatch.add(figures);
        }
        json.put("batches", perBatch);
        return json;
    }
}
