package dev.flightpipeline.benchmarks.limits;

import dev.flightpipeline.benchmarks.FlagValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The flags of {@code scripts/bench-limits}.
 *
 * @param records records each Kafka producer run sends
 * @param commitsFor how long each PostgreSQL commit run lasts
 * @param clients the PostgreSQL connections inserting at once, one run each
 * @param resultsDirectory where the JSON goes
 */
public record LimitsSettings(long records, Duration commitsFor, List<Integer> clients, Path resultsDirectory) {

    static final String USAGE = """
            usage: scripts/bench-limits [--name=value ...]
              --records=N       records per Kafka producer run (default 300000)
              --commits-for=D   length of each PostgreSQL commit run, e.g. 20s (default 20s)
              --clients=A,B     PostgreSQL connections committing at once, one run each (default 1,8)
              --results-dir=DIR where the JSON goes (default benchmarks/results)
            """;

    public LimitsSettings {
        if (records < 1) {
            throw new IllegalArgumentException("--records must be at least 1, not " + records);
        }
        if (commitsFor.isNegative() || commitsFor.isZero()) {
            throw new IllegalArgumentException("--commits-for must be a positive duration, not " + commitsFor);
        }
        if (clients.isEmpty() || clients.stream().anyMatch(count -> count < 1 || count > 64)) {
            throw new IllegalArgumentException("--clients must be counts from 1 to 64, not " + clients);
        }
        clients = List.copyOf(clients);
    }

    public static LimitsSettings defaults() {
        return new LimitsSettings(300_000, Duration.ofSeconds(20), List.of(1, 8), Path.of("benchmarks/results"));
    }

    /** The defaults, changed by {@code --name=value} flags. */
    public static LimitsSettings parse(List<String> arguments) {
        FlagValues.Flags flags =
                FlagValues.read(arguments).onlyThese(List.of("records", "commits-for", "clients", "results-dir"));
        return new LimitsSettings(
                (long) FlagValues.number(flags.get("records", "300000").replace("_", ""), "--records"),
                FlagValues.duration(flags.get("commits-for", "20s"), "--commits-for"),
                List.of(flags.get("clients", "1,8").split(",")).stream()
                        .map(count -> FlagValues.integer(count, "--clients"))
                        .toList(),
                Path.of(flags.get("results-dir", "benchmarks/results")));
    }
}
