package dev.flightpipeline.benchmarks;

import java.util.List;
import java.util.Locale;

/** How the benchmarks print their summaries: one figure a row, label, value and a note, aligned. */
public final class SummaryTable {

    private SummaryTable() {}

    public static String[] row(String label, String value, String note) {
        return new String[] {label, value, note};
    }

    /** The rows, their labels and values each padded to the widest. */
    public static String aligned(List<String[]> rows) {
        int labelWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
        int valueWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
        StringBuilder table = new StringBuilder();
        for (String[] row : rows) {
            String line = String.format(
                    Locale.ROOT, "  %-" + labelWidth + "s  %-" + valueWidth + "s  %s", row[0], row[1], row[2]);
            table.append(line.stripTrailing()).append('\n');
        }
        return table.toString();
    }

    /**
     * A quality target's verdict: NOT MET when an invariant broke, whatever the figure; NOT MEASURED
     * when the run was not set up to measure it; else MET or NOT MET.
     */
    public static String verdict(boolean invariantsHeld, boolean measured, boolean met) {
        if (!invariantsHeld) {
            return "NOT MET";
        }
        if (!measured) {
            return "NOT MEASURED";
        }
        return met ? "MET" : "NOT MET";
    }

    /** {@link String#format} with a dot for the decimals, whatever the machine's locale. */
    public static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }

    /** For the JSON results: {@code decimals} places are plenty, and read better. */
    public static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
