package dev.flightpipeline.benchmarks;

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
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every benchmark command shares: reading its flags (or printing its usage), naming its run,
 * and writing its figures as {@code <results>/<run>.json}.
 *
 * @param benchmark the quality target measured, e.g. {@code P3}
 * @param name the run's name, e.g. {@code p3-20261201-155758}
 */
public record BenchmarkRun(String benchmark, String name, Instant startedAt, int cores) {

    /**
     * The command's settings from its flags. Exits with 0 after printing the usage for {@code --help},
     * with 2 and the usage for a wrong flag.
     */
    public static <S> S settingsOrExit(String[] args, String usage, Function<List<String>, S> parse) {
        List<String> arguments = Arrays.asList(args);
        if (arguments.contains("--help") || arguments.contains("-h")) {
            System.out.print(usage);
            System.exit(0);
        }
        try {
            return parse.apply(arguments);
        } catch (IllegalArgumentException wrong) {
            System.err.println("error: " + wrong.getMessage());
            System.err.print(usage);
            System.exit(2);
            throw wrong; // not reached
        }
    }

    /** A run starting now. */
    public static BenchmarkRun start(String benchmark) {
        // Logging set up before the broker and the database start logging from threads of their own,
        // else SLF4J queues and replays their first lines with a warning.
        LoggerFactory.getILoggerFactory();
        String name = benchmark.toLowerCase(Locale.ROOT) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return new BenchmarkRun(
                benchmark,
                name,
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors());
    }

    /** What a benchmark prints at its end: its table, its JSON, and whether the pipeline's invariants held. */
    public interface Summary {
        String table();

        Map<String, Object> asJson();

        boolean invariantsHeld();
    }

    /** The measuring itself, which may fail. */
    @FunctionalInterface
    public interface Measurement {
        Summary measure() throws Exception;
    }

    /**
     * Measures, prints the summary under its heading, writes it to {@code <directory>/<run name>.json}
     * and exits: 0 when the invariants held, 1 when they did not, 3 when the run itself failed.
     */
    public void reportAndExit(Measurement measurement, String heading, Path directory, Map<String, Object> settings) {
        try {
            Summary summary = measurement.measure();
            System.out.println();
            System.out.println(heading);
            System.out.print(summary.table());
            Path json = writeJson(directory, settings, summary.asJson());
            System.out.println();
            System.out.println("Results: " + json);
            System.exit(summary.invariantsHeld() ? 0 : 1);
        } catch (Exception failure) {
            System.err.println("The benchmark failed: " + failure);
            failure.printStackTrace();
            System.exit(3);
        }
    }

    /** Writes the run, its settings and its figures to {@code <directory>/<run name>.json}. */
    public Path writeJson(Path directory, Map<String, Object> settings, Map<String, Object> figures)
            throws IOException {
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("benchmark", benchmark);
        run.put("run", name);
        run.put("startedAt", startedAt.toString());
        run.put("cores", cores);
        run.put("java", Runtime.version().toString());
        run.put("settings", settings);
        run.put("figures", figures);
        Files.createDirectories(directory);
        Path file = directory.resolve(name + ".json");
        JsonMapper json =
                JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
        Files.writeString(file, json.writeValueAsString(run) + "\n");
        return file;
    }
}
