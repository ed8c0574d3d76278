package dev.flightpipeline.benchmarks.lateorders;

import dev.flightpipeline.benchmarks.FlagValues;
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
              --sweep-interval=D  the reconciler's sweep interval, e.g. 10s (default 10s, its default)
              --timeout=D         how long a round waits for its confirmations, e.g. 2m (default 120s)
              --results-dir=DIR   where the JSON goes (default benchmarks/results)
            """;

    LateOrderSettings {
        if (bookings < 1 || perSecond < 1 || perSecond > 1000) {
            throw new IllegalArgumentException("--bookings must be at least 1 and --per-second 1 to 1000");
        }
    }

    static LateOrderSettings parse(List<String> arguments) {
        FlagValues.Flags flags = FlagValues.read(arguments)
                .onlyThese(List.of("bookings", "per-second", "sweep-interval", "timeout", "results-dir"));
        return new LateOrderSettings(
                FlagValues.integer(flags.get("bookings", "200"), "--bookings"),
                FlagValues.integer(flags.get("per-second", "20"), "--per-second"),
                FlagValues.duration(flags.get("sweep-interval", "10s"), "--sweep-interval"),
                FlagValues.duration(flags.get("timeout", "120s"), "--timeout"),
                Path.of(flags.get("results-dir", "benchmarks/results")));
    }
}
