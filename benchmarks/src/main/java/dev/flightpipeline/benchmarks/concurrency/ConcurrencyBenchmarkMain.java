package dev.flightpipeline.benchmarks.concurrency;

import static dev.flightpipeline.benchmarks.concurrency.ConcurrencyBenchmark.say;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/bench-p3}: runs the P3 benchmark, prints its summary and writes the same figures
 * to {@code benchmarks/results/p3-<timestamp>.json}. Exits 1 if a booking got two Duffel orders or
 * two terminal outcome events, 2 on a wrong flag, 3 if the run itself failed.
 */
public final class ConcurrencyBenchmarkMain {

    private ConcurrencyBenchmarkMain() {}

    public static void main(String[] args) {
        ConcurrencySettings settings =
                BenchmarkRun.settingsOrExit(args, ConcurrencySettings.USAGE, ConcurrencySettings::parse);
        BenchmarkRun run = BenchmarkRun.start("P3");
        say(
                "P3 concurrency benchmark %s: %d cores, Java %s",
                run.name(), run.cores(), Runtime.version().feature());
        run.reportAndExit(
                () -> new ConcurrencyBenchmark(settings, run.name()).run(),
                String.format(
                        "P3 summary (%s, %d cores, booker -Xmx%s)",
                        run.startedAt(), run.cores(), settings.bookerHeap()),
                settings.resultsDirectory(),
                settingsAsJson(settings));
    }

    private static Map<String, Object> settingsAsJson(ConcurrencySettings settings) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("offeredPerSecond", settings.offeredRate());
        configuration.put("warmUpSeconds", settings.warmUp().toMillis() / 1000.0);
        configuration.put("windowSeconds", settings.measured().toMillis() / 1000.0);
        configuration.put("inFlightLimit", settings.inFlightLimit());
        configuration.put("orderLatencyMinSeconds", settings.orderLatencyMin().toMillis() / 1000.0);
        configuration.put("orderLatencyMaxSeconds", settings.orderLatencyMax().toMillis() / 1000.0);
        configuration.put("bookerHeap", settings.bookerHeap());
        configuration.put("extraBookerSettings", settings.extraBookerSettings());
        return configuration;
    }
}
