package dev.flightpipeline.benchmarks.sweep;

import static dev.flightpipeline.benchmarks.sweep.SweepBenchmark.say;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code scripts/bench-p5}: runs the P5 sweep benchmark, prints its summary and writes the same
 * figures to {@code benchmarks/results/p5-<timestamp>.json}. Exits 0 whether or not the target is
 * met (the table says), 2 on a wrong flag, 3 if the run itself failed.
 */
public final class SweepBenchmarkMain {

    private SweepBenchmarkMain() {}

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(SweepSettings.USAGE);
            System.exit(0);
        }
        SweepSettings settings;
        try {
            settings = SweepSettings.parse(arguments);
        } catch (IllegalArgumentException wrong) {
            System.err.println("error: " + wrong.getMessage());
            System.err.print(SweepSettings.USAGE);
            System.exit(2);
            return;
        }
        LoggerFactory.getILoggerFactory();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runName = "p5-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        int cores = Runtime.getRuntime().availableProcessors();
        say(
                "P5 sweep benchmark %s: %,d bookings, %,d stuck, batches %s, %d cores, Java %s",
                runName,
                settings.bookings(),
                settings.stuck(),
                settings.batches(),
                cores,
                Runtime.version().feature());
        try {
            SweepFigures figures = new SweepBenchmark(settings).run();
            say("");
            say(
                    "P5 summary (%s, %d cores, %d measured claims per batch after %d warm-up)",
                    startedAt, cores, settings.runs(), settings.warmUpRuns());
            System.out.print(figures.table());
            Path json = writeJson(settings, runName, startedAt, cores, figures);
            say("");
            say("Results: %s", json);
            System.exit(0);
        } catch (Exception failure) {
            System.err.println("The benchmark failed: " + failure);
            failure.printStackTrace();
            System.exit(3);
        }
    }

    private static Path writeJson(
            SweepSettings settings, String runName, Instant startedAt, int cores, SweepFigures figures)
            throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("benchmark", "P5");
        run.put("run", runName);
        run.put("startedAt", startedAt.toString());
        run.put("cores", cores);
        run.put("java", Runtime.version().toString());
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("bookings", settings.bookings());
        configuration.put("stuck", settings.stuck());
        configuration.put("batches", settings.batches());
        configuration.put("warmUpRuns", settings.warmUpRuns());
        configuration.put("runs", settings.runs());
        configuration.put("leaseSeconds", SweepBenchmark.LEASE.toSeconds());
        run.put("settings", configuration);
        run.put("figures", figures.asJson());
        Files.createDirectories(settings.resultsDirectory());
        Path file = settings.resultsDirectory().resolve(runName + ".json");
        JsonMapper json =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(file, json.writeValueAsString(run) + "\n");
        return file;
    }
}
