package dev.flightpipeline.benchmarks.accept;

import static dev.flightpipeline.benchmarks.accept.AcceptBenchmark.say;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code scripts/bench-p1}: runs the P1 benchmark, prints its summary and writes the same figures to
 * {@code benchmarks/results/p1-<timestamp>.json}. Exits 0 whether or not the target is met (the table
 * says), 1 if a 202 answer was not a published request or the gateway refused or dropped requests,
 * 2 on a wrong flag, 3 if the run itself failed.
 */
public final class AcceptBenchmarkMain {

    private AcceptBenchmarkMain() {}

    public static void main(String[] args) {
        AcceptSettings settings = BenchmarkRun.settingsOrExit(args, AcceptSettings.USAGE, AcceptSettings::parse);
        BenchmarkRun run = BenchmarkRun.start("P1");
        say(
                "P1 accept-path benchmark %s: %d cores, Java %s",
                run.name(), run.cores(), Runtime.version().feature());
        run.reportAndExit(
                () -> new AcceptBenchmark(settings, run.name()).run(),
                String.format(
                        "P1 summary (%s, %d cores; wrk -t%d -c%d, %d s measured; gateway and bare endpoint -Xmx%s)",
                        run.startedAt(),
                        run.cores(),
                        settings.threads(),
                        settings.connections(),
                        settings.wrkSeconds(settings.measured()),
                        settings.heap()),
                settings.resultsDirectory(),
                settingsAsJson(settings));
    }

    private static Map<String, Object> settingsAsJson(AcceptSettings settings) {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("measuredSeconds", settings.measured().toMillis() / 1000.0);
        configuration.put("warmUpSeconds", settings.warmUp().toMillis() / 1000.0);
        configuration.put("wrkThreads", settings.threads());
        configuration.put("wrkConnections", settings.connections());
        configuration.put("fixedRatePerSecond", settings.rate());
        configuration.put("heap", settings.heap());
        configuration.put("extraGatewaySettings", settings.extraGatewaySettings());
        return configuration;
    }
}
