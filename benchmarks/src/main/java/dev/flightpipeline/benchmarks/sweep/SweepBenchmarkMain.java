package dev.flightpipeline.benchmarks.sweep;

import static dev.flightpipeline.benchmarks.sweep.SweepBenchmark.say;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/bench-p5}: runs the P5 sweep benchmark, prints its summary and writes the same
 * figures to {@code benchmarks/results/p5-<timestamp>.json}. Exits 0 whether or not the target is
 * met (the table says), 2 on a wrong flag, 3 if the run itself failed.
 */
public final class SweepBenchmarkMain {

    private SweepBenchmarkMain() {}

    public static void main(String[] args) {
        SweepSettings settings = BenchmarkRun.settingsOrExit(args, SweepSettings.USAGE, SweepSettings::parse);
        BenchmarkRun run = BenchmarkRun.start("P5");
        say(
                "P5 sweep benchmark %s: %,d bookings, %,d stuck, batches %s, %d cores, Java %s",
                run.name(),
                settings.bookings(),
                settings.stuck(),
                settings.batches(),
                run.cores(),
                Runtime.version().feature());
        try {
            SweepFigures figures = new SweepBenchmark(settings).run();
            say("");
            say(
                    "P5 summary (%s, %d cores, %d measured claims per batch after %d warm-up)",
                    run.startedAt(), run.cores(), settings.runs(), settings.warmUpRuns());
            System.out.print(figures.table());
            Path json = run.writeJson(settings.resultsDirectory(), settingsAsJson(settings), figures.asJson());
            say("");
            say("Results: %s", json);
            System.exit(0);
        } catch (Exception failure) {
            System.err.println("The benchmark failed: " + failure);
            failure.printStackTrace();
            System.exit(3);
        }
    }

    private static Map<String, Object> settingsAsJson(SweepSettings settings) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("bookings", settings.bookings());
        configuration.put("stuck", settings.stuck());
        configuration.put("batches", settings.batches());
        configuration.put("warmUpRuns", settings.warmUpRuns());
        configuration.put("runs", settings.runs());
        configuration.put("leaseSeconds", SweepBenchmark.LEASE.toSeconds());
        return configuration;
    }
}
