package dev.flightpipeline.benchmarks.limits;

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
        LimitsSettings defaults = defaults();
        long records = defaults.records();
        Duration commitsFor = defaults.commitsFor();
        List<Integer> clients = defaults.clients();
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
                    case "records" -> records = Long.parseLong(value.replace("_", ""));
                    case "commits-for" -> commitsFor = seconds(value);
                    case "clients" ->
                        clients = List.of(value.split(",")).stream()
                                .map(String::trim)
                                .map(Integer::parseInt)
                                .toList();
                    case "results-dir" -> results = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown flag --" + name);
                }
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("--" + name + " needs a number, not " + value);
            }
        }
        return new LimitsSettings(records, commitsFor, clients, results);
    }

    private static Duration seconds(String value) {
        if (!value.endsWith("s")) {
            throw new IllegalArgumentException("--commits-for needs seconds, e.g. 20s, not " + value);
        }
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
}
