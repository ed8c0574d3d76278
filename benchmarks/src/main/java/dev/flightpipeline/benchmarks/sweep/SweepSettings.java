package dev.flightpipeline.benchmarks.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * The flags of {@code scripts/bench-p5}.
 *
 * @param bookings bookings in the table in all, finished and stuck
 * @param stuck of them, open (UNKNOWN or SUBMITTING) and due for a check
 * @param batches the claim sizes measured, each in its own round
 * @param warmUpRuns claims per batch size before the measured ones, not counted
 * @param runs measured claims per batch size
 * @param resultsDirectory where the JSON goes
 */
public record SweepSettings(
        long bookings, int stuck, List<Integer> batches, int warmUpRuns, int runs, Path resultsDirectory) {

    static final String USAGE = """
            usage: scripts/bench-p5 [--name=value ...]
              --bookings=N      bookings in the table in all (default 1000000)
              --stuck=N         of them, UNKNOWN or SUBMITTING and due for a check (default 1000)
              --batches=A,B     claim sizes measured: the reconciler's default batch and a whole
                                sweep (default 100,1000; each at most --stuck)
              --warm-up=N       claims per batch size before measuring, not counted (default 10)
              --runs=N          measured claims per batch size (default 50)
              --results-dir=DIR where the JSON goes (default benchmarks/results)
            """;

    public SweepSettings {
        if (stuck < 1 || stuck > bookings) {
            throw new IllegalArgumentException("--stuck must be between 1 and --bookings, not " + stuck);
        }
        if (batches.isEmpty() || batches.stream().anyMatch(batch -> batch < 1)) {
            throw new IllegalArgumentException("--batches must be positive sizes, not " + batches);
        }
        if (warmUpRuns < 0 || runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1 and --warm-up at least 0");
        }
        batches =
                batches.stream().map(batch -> Math.min(batch, stuck)).distinct().toList();
    }

    public static SweepSettings defaults() {
        return new SweepSettings(1_000_000, 1_000, List.of(100, 1_000), 10, 50, Path.of("benchmarks/results"));
    }

    /** The defaults, changed by {@code --name=value} flags. */
    public static SweepSettings parse(List<String> arguments) {
        SweepSettings defaults = defaults();
        long bookings = defaults.bookings();
        int stuck = defaults.stuck();
        List<Integer> batches = defaults.batches();
        int warmUp = defaults.warmUpRuns();
        int runs = defaults.runs();
        Path results = defaults.resultsDirectory();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (!argument.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("not a --name=value flag: " + argument);
            }
            String name = argument.substring(2, equals);
            String value = argument.substring(equals + 1);
            try {
                switch (name) {
                    case "bookings" -> bookings = Long.parseLong(value.replace("_", ""));
                    case "stuck" -> stuck = Integer.parseInt(value.replace("_", ""));
                    case "batches" ->
                        batches = List.of(value.split(",")).stream()
                                .map(String::trim)
                                .map(Integer::parseInt)
                                .toList();
                    case "warm-up" -> warmUp = Integer.parseInt(value);
                    case "runs" -> runs = Integer.parseInt(value);
                    case "results-dir" -> results = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown flag --" + name);
                }
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("--" + name + " needs a number, not " + value);
            }
        }
        return new SweepSettings(bookings, stuck, batches, warmUp, runs, results);
    }
}
