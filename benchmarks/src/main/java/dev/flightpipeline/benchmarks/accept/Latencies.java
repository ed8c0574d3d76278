package dev.flightpipeline.benchmarks.accept;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latency percentiles of a run, in milliseconds. */
public record Latencies(double p50, double p90, double p99, double p999, double max, double mean) {

    /** Nearest-rank percentiles of latencies in nanoseconds (sorted here; the array is changed). */
    public static Latencies ofNanos(long[] nanos) {
        if (nanos.length == 0) {
            return new Latencies(0, 0, 0, 0, 0, 0);
        }
        Arrays.sort(nanos);
        return new Latencies(
                millis(rank(nanos, 50)),
                millis(rank(nanos, 90)),
                millis(rank(nanos, 99)),
                millis(rank(nanos, 99.9)),
                millis(nanos[nanos.length - 1]),
                Arrays.stream(nanos).average().orElse(0) / 1e6);
    }

    /** The smallest value with at least {@code percent} of all at or below it. */
    private static long rank(long[] sorted, double percent) {
        // Less a hair: 99.9 % of 1,000 is 999.0000000000001 in floating point, and rank 999 is meant.
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length - 1e-9);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("p50", p50);
        json.put("p90", p90);
        json.put("p99", p99);
        json.put("p99_9", p999);
        json.put("max", max);
        json.put("mean", mean);
        return json;
    }
}
