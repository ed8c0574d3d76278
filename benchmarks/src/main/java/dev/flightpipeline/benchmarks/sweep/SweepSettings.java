package dev.flightpipeline.benchmarks.sweep;

import dev.flightpipeline.benchmarks.FlagValues;
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
        FlagValues.Flags flags = FlagValues.read(arguments)
                .onlyThese(List.of("bookings", "stuck", "batches", "warm-up", "runs", "results-dir"));
        return new SweepSettings(
                (long) FlagValues.number(flags.get("bookings", "1000000").replace("_", ""), "--bookings"),
                FlagValues.integer(flags.get("stuck", "1000").replace("_", ""), "--stuck"),
                List.of(flags.get("batches", "100,1000").split(",")).stream()
                        .map(batch -> FlagValues.integer(batch, "--batches"))
                        .toList(),
                FlagValues.integer(flags.get("warm-up", "10"), "--warm-up"),
                FlagValues.integer(flags.get("runs", "50"), "--runs"),
                Path.of(flags.get("results-dir", "benchmarks/results")));
    }
}
