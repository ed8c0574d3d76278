package dev.flightpipeline.benchmarks.pipeline;

import static dev.flightpipeline.benchmarks.pipeline.PipelineBenchmark.say;

import dev.flightpipeline.benchmarks.BenchmarkRun;
import dev.flightpipeline.benchmarks.pipeline.PipelineSettings.Benchmark;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code scripts/bench-p2} and {@code scripts/bench-p4}: runs the pipeline, prints the summary of
 * the target measured and writes the same figures to {@code benchmarks/results/<p2|p4>-<timestamp>.json}.
 * Exits 0 when the run completed (the summary says whether the target was met), 1 if a booking got
 * two Duffel orders or two terminal outcome events, 2 on a wrong flag, 3 if the run itself failed.
 */
final class PipelineCommand {

    private PipelineCommand() {}

    static void run(
            String[] args,
            String usage,
            Function<List<String>, PipelineSettings> parse,
            BiFunction<PipelineSettings, PipelineResult, BenchmarkRun.Summary> summarise) {
        PipelineSettings settings = BenchmarkRun.settingsOrExit(args, usage, parse);
        Benchmark benchmark = settings.benchmark();
        BenchmarkRun run = BenchmarkRun.start(benchmark.name());
        say(
                "%s pipeline benchmark %s: %d cores, Java %s",
                benchmark, run.name(), run.cores(), Runtime.version().feature());
        run.reportAndExit(
                () -> summarise.apply(settings, new PipelineBenchmark(settings, run.name()).run()),
                String.format(
                        "%s summary (%s, %d cores, -Xmx%s each)",
                        benchmark, run.startedAt(), run.cores(), settings.heap()),
                settings.resultsDirectory(),
                settingsAsJson(settings));
    }

    static Map<String, Object> settingsAsJson(PipelineSettings settings) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("entry", settings.entry().name().toLowerCase(Locale.ROOT));
        json.put("respondAsync", settings.respondAsync());
        json.put("offeredPerSecond", settings.rate());
        json.put("warmUpSeconds", settings.warmUp().toMillis() / 1000.0);
        json.put("windowSeconds", settings.measured().toMillis() / 1000.0);
        json.put("orderLatencyMinSeconds", settings.orderLatencyMin().toMillis() / 1000.0);
        json.put("orderLatencyMaxSeconds", settings.orderLatencyMax().toMillis() / 1000.0);
        json.put("heap", settings.heap());
        json.put("bookerSettings", settings.bookerSettings());
        json.put("gatewaySettings", settings.gatewaySettings());
        return json;
    }
}
