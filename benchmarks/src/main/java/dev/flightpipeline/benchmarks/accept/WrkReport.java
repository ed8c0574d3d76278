package dev.flightpipeline.benchmarks.accept;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one wrk run measured, read from the {@code p1-wrk} lines its script ({@code
 * accept/create-order.lua}) prints at the end: exact percentiles from wrk's own histogram and the
 * answers counted by status, rather than wrk's rounded human-readable summary.
 *
 * @param requests answers received (any status)
 * @param seconds how long wrk ran
 * @param latencies from wrk's histogram: each request's time from its send to its answer, on a
 *     connection that waits for the answer before the next send (closed loop)
 * @param statuses answers by HTTP status
 * @param nonSuccess answers that were not 2xx or 3xx, as wrk counts them
 * @param socketErrors connect, read, write errors and timeouts together
 */
record WrkReport(
        long requests,
        double seconds,
        Latencies latencies,
        Map<Integer, Long> statuses,
        long nonSuccess,
        long socketErrors) {

    static final String PREFIX = "p1-wrk ";

    WrkReport {
        statuses = Map.copyOf(statuses);
    }

    double requestsPerSecond() {
        return seconds <= 0 ? 0 : requests / seconds;
    }

    long answered(int status) {
        return statuses.getOrDefault(status, 0L);
    }

    /** Reads wrk's whole output; throws if the script's lines are missing (wrk failed or was not run with it). */
    static WrkReport parse(String output) {
        Map<String, Double> latencyMicros = new LinkedHashMap<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        Long requests = null;
        Long durationMicros = null;
        long nonSuccess = 0;
        long socketErrors = 0;
        for (String line : output.split("\n")) {
            if (!line.startsWith(PREFIX)) {
                continue;
            }
            String[] words = line.substring(PREFIX.length()).trim().split("\\s+");
            switch (words[0]) {
                case "requests" -> requests = Long.parseLong(words[1]);
                case "duration-us" -> durationMicros = Long.parseLong(words[1]);
                case "latency-us" -> latencyMicros.put(words[1], Double.parseDouble(words[2]));
                case "status" -> statuses.merge(Integer.parseInt(words[1]), Long.parseLong(words[2]), Long::sum);
                case "errors" -> {
                    // errors connect N read N write N status N timeout N
                    for (int i = 1; i + 1 < words.length; i += 2) {
                        long count = Long.parseLong(words[i + 1]);
                        if (words[i].equals("status")) {
                            nonSuccess = count;
                        } else {
                            socketErrors += count;
                        }
                    }
                }
                default -> {
                    // a line of a later version of the script: not needed here
                }
            }
        }
        if (requests == null || durationMicros == null || !latencyMicros.containsKey("p99")) {
            throw new IllegalArgumentException("wrk printed no p1-wrk summary (did it run with create-order.lua?)");
        }
        Latencies latencies = new Latencies(
                millis(latencyMicros, "p50"),
                millis(latencyMicros, "p90"),
                millis(latencyMicros, "p99"),
                millis(latencyMicros, "p99.9"),
                millis(latencyMicros, "max"),
                millis(latencyMicros, "mean"));
        return new WrkReport(requests, durationMicros / 1e6, latencies, statuses, nonSuccess, socketErrors);
    }

    private static double millis(Map<String, Double> micros, String name) {
        return micros.getOrDefault(name, 0.0) / 1000.0;
    }
}
