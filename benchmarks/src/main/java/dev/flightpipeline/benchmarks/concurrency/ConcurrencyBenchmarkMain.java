package dev.flightpipeline.benchmarks.concurrency;

import static dev.flightpipeline.benchmarks.concurrency.ConcurrencyBenchmark.say;

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
 * {@code scripts/bench-p3}: runs the P3 benchmark, prints its summary and writes the same figures
 * to {@code benchmarks/results/p3-<timestamp>.json}. Exits 1 if a booking got two Duffel orders or
 * two terminal outcome events, 2 on a wrong flag, 3 if the run itself failed.
 */
public final class ConcurrencyBenchmarkMain {

    private ConcurrencyBenchmarkMain() {}

    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(ConcurrencySettings.USAGE);
            System.exit(0);
        }
        ConcurrencySettings settings;
        try {
            settings = ConcurrencySettings.parse(arguments);
        } catch (IllegalArgumentException wrong) {
            System.err.println("error: " + wrong.getMessage());
            System.err.print(ConcurrencySettings.USAGE);
            System.exit(2);
            return;
        }
        // Logging set up before the broker and the database start logging from threads of their own,
        // else SLF4J queues and replays their first lines with a warning.
        LoggerFactory.getILoggerFactory();
        Instant startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String runName = "p3-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        int cores = Runtime.getRuntime().availableProcessors();
        say(
                "P3 concurrency benchmark %s: %d cores, Java %s",
                runName, cores, Runtime.version().feature());
        try {
            ConcurrencyFigures figures = new ConcurrencyBenchmark(settings, runName).run();
            say("");
            say("P3 summary (%s, %d cores, booker -Xmx%s)", startedAt, cores, settings.bookerHeap());
            System.out.print(figures.table());
            Path json = writeJson(settings, runName, startedAt, cores, figures);
            say("");
            say("Results: %s", json);
            System.exit(figures.invariantsHeld() ? 0 : 1);
        } catch (Exception failure) {
            System.err.println("The benchmark failed: " + failure);
            failure.printStackTrace();
            System.exit(3);
        }
    }

    private static Path writeJson(
            ConcurrencySettings settings, String runName, Instant startedAt, int cores, ConcurrencyFigures figures)
            throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("benchmark", "P3");
        run.put("run", runName);
        run.put("startedAt", startedAt.toString());
        run.put("cores", cores);
        run.put("java", Runtime.version().toString());
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("offeredPerSecond", settings.offeredRate());
        configuration.put("warmUpSeconds", settings.warmUp().toMillis() / 1000.0);
        configuration.put("windowSeconds", settings.measured().toMillis() / 1000.0);
        configuration.put("inFlightLimit", settings.inFlightLimit());
        configuration.put("orderLatencyMinSeconds", settings.orderLatencyMin().toMillis() / 1000.0);
        configuration.put("orderLatencyMaxSeconds", settings.orderLatencyMax().toMillis() / 1000.0);
        configuration.put("bookerHeap", settings.bookerHeap());
        configuration.put("extraBookerSettings", settings.extraBookerSettings());
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
