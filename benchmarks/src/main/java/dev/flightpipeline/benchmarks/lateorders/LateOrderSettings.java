package dev.flightpipeline.benchmarks.lateorders;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The flags of {@code scripts/bench-p5-late}.
 *
 * @param bookings late orders per round (webhook, then sweep)
 * @param perSecond bookings made per second in a round
 * @param sweepInterval the reconciler's {@code reconciler.sweep-interval}
 * @param timeout how long a round may wait for its bookings to be confirmed
 * @param resultsDirectory where the JSON goes
 */
record LateOrderSettings(int bookings, int perSecond, Duration sweepInterval, Duration timeout, Path resultsDirectory) {

    static final String USAGE = """
            usage: scripts/bench-p5-late [--name=value ...]
              --bookings=N        late orders per round, webhook and sweep (default 200)
              --per-second=N      bookings made per second (default 20)
              --sweep-interval=D  the reconciler's sweep interval, seconds, e.g. 10s (default 10s, its default)
              --timeout=D         how long a round waits for its confirmations, seconds (default 120s)
              --results-dir=DIR   where the JSON goes (default benchmarks/results)
            """;

    LateOrderSettings {
        if (bookings < 1 || perSecond < 1 || perSecond > 1000) {
            throw new IllegalArgumentException("--bookings must be at least 1 and --per-second 1 to 1000");
        }
    }

    static LateOrderSettings parse(List<String> arguments) {
        int bookings = 200;
        int perSecond = 20;
        Duration sweepInterval = Duration.ofSeconds(10);
        Duration timeout = Duration.ofSeconds(120);
        Path results = Path.of("benchmarks/results");
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (!argument.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("not a --name=value flag: " + argument);
            }
            String name = argument.substring(2, equals);
            String value = argument.substring(equals + 1);
            try {
                switch (name) {
                    case "bookings" -> bookings = Integer.parseInt(value);
                    case "per-second" -> perSecond = Integer.parseInt(value);
                    case "sweep-interval" -> sweepInterval = seconds(name, value);
                    case "timeout" -> timeout = seconds(name, value);
                    case "results-dir" -> results = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown flag --" + name);
                }
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException("--" + name + " needs a number, not " + value);
            }
        }
        return new LateOrderSettings(bookings, perSecond, sweepInterval, timeout, results);
    }

    private static Duration seconds(String name, String value) {
        if (!value.endsWith("s")) {
            throw new IllegalArgumentException("--" + name + " needs seconds, e.g. 10s, not " + value);
        }
        return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
    }
}
