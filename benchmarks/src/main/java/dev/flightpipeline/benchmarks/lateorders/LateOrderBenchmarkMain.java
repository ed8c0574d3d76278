package dev.flightpipeline.benchmarks.lateorders;

import static dev.flightpipeline.benchmarks.lateorders.LateOrderBenchmark.say;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import dev.flightpipeline.benchmarks.lateorders.LateOrderBenchmark.Round;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code scripts/bench-p5-late}: how soon the reconciler attaches a late order, by webhook and by
 * the sweep alone, against P5's targets (5 s; 2 sweep intervals). Exits 0 with the figures whether
 * or not they are met, 2 on a wrong flag, 3 if the run failed.
 */
public final class LateOrderBenchmarkMain {

    private LateOrderBenchmarkMain() {}

    public static void main(String[] args) {
        LateOrderSettings settings =
                BenchmarkRun.settingsOrExit(args, LateOrderSettings.USAGE, LateOrderSettings::parse);
        BenchmarkRun run = BenchmarkRun.start("P5-LATE");
        say(
                "P5 late orders %s: %d per round at %d/s, sweep every %ds, %d cores, Java %s",
                run.name(),
                settings.bookings(),
                settings.perSecond(),
                settings.sweepInterval().toSeconds(),
                run.cores(),
                Runtime.version().feature());
        try {
            List<Round> rounds = new LateOrderBenchmark(settings).run();
            double interval = settings.sweepInterval().toMillis() / 1000.0;
            say("");
            say("P5 late orders summary (%s, %d cores)", run.startedAt(), run.cores());
            say("%-12s %8s %8s %8s %8s   %s", "attached by", "median", "p95", "p99", "max", "target");
            Map<String, Object> figures = new LinkedHashMap<>();
            for (Round round : rounds) {
                Percentiles seconds = Percentiles.of(round.latencies());
                boolean sweep = round.mode().equals("sweep");
                String target = sweep
                        ? String.format(
                                Locale.ROOT,
                                "max <= 2 sweep intervals (%.0f s): %s",
                                2 * interval,
                                seconds.max() <= 2 * interval ? "met" : "NOT met")
                        : String.format(
                                Locale.ROOT, "max <= 5 s after the order: %s", seconds.max() <= 5 ? "met" : "NOT met");
                say(
                        "%-12s %7.2fs %7.2fs %7.2fs %7.2fs   %s",
                        round.mode(), seconds.median(), seconds.p95(), seconds.p99(), seconds.max(), target);
                Map<String, Object> figure = new LinkedHashMap<>();
                figure.put("bookings", round.latencies().size());
                figure.put("medianSeconds", seconds.median());
                figure.put("p95Seconds", seconds.p95());
                figure.put("p99Seconds", seconds.p99());
                figure.put("maxSeconds", seconds.max());
                if (sweep) {
                    figure.put("maxInSweepIntervals", seconds.max() / interval);
                }
                figures.put(round.mode(), figure);
            }
            Path json = run.writeJson(
                    settings.resultsDirectory(),
                    Map.of(
                            "bookings", settings.bookings(),
                            "perSecond", settings.perSecond(),
                            "sweepIntervalSeconds", settings.sweepInterval().toSeconds()),
                    figures);
            say("");
            say("Results: %s", json);
            System.exit(0);
        } catch (Exception failure) {
            System.err.println("The benchmark failed: " + failure);
            failure.printStackTrace();
            System.exit(3);
        }
    }

    /** Nearest-rank percentiles of a list of seconds. */
    record Percentiles(double median, double p95, double p99, double max) {
        static Percentiles of(List<Double> values) {
            List<Double> sorted = new ArrayList<>(values);
            sorted.sort(Double::compare);
            return new Percentiles(rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted.getLast());
        }

        private static double rank(List<Double> sorted, int percent) {
            int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
            return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
        }
    }
}
