package dev.flightpipeline.benchmarks.concurrency;

import dev.flightpipeline.benchmarks.FlagValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the P3 benchmark runs: the offered load, how long, the booker's in-flight limit and the
 * simulator's order latency. Read from {@code --name=value} flags; see {@link #USAGE}.
 *
 * @param offeredRate booking requests published per second, steadily; above the Little's-law
 *     bound, so the booker always has work waiting and its in-flight limit is what is measured
 * @param warmUp publishing before the measured window: the in-flight calls fill up, and the first
 *     wave of calls (started together, ending together one latency later) settles
 * @param measured the window whose confirmations are counted
 * @param inFlightLimit {@code booker.max-in-flight}
 * @param orderLatencyMin the simulator's shortest order creation
 * @param orderLatencyMax the simulator's longest; order latencies are uniform in between
 * @param drainTimeout after publishing stops, how long to wait for every booking to be terminal
 * @param bookerHeap the booker's {@code -Xmx}
 * @param bookerJar the booker's runnable jar
 * @param resultsDirectory where the JSON results (and the booker's logs) go
 * @param extraBookerSettings further booker properties, e.g. to try another setting; they win over
 *     the benchmark's own
 */
public record ConcurrencySettings(
        double offeredRate,
        Duration warmUp,
        Duration measured,
        int inFlightLimit,
        Duration orderLatencyMin,
        Duration orderLatencyMax,
        Duration drainTimeout,
        String bookerHeap,
        Path bookerJar,
        Path resultsDirectory,
        Map<String, String> extraBookerSettings) {

    public static final String USAGE = """
            Usage: scripts/bench-p3 [--name=value ...]

              --rate=250              booking requests offered per second
              --duration=75s          the measured window (ms, s or m; a bare number is seconds)
              --warm-up=120s          publishing before the window (default: four times the longest
                                      latency, until the first wave of calls has settled)
              --in-flight=5000        the booker's booker.max-in-flight
              --latency=20s..30s      the simulator's order creation time, uniform between the two
              --drain-timeout=3m      after publishing, the longest wait for every booking to end
              --booker-heap=512m      the booker's -Xmx
              --booker-jar=PATH       the booker's runnable jar (the script passes it)
              --results-dir=PATH      where the JSON results go (default benchmarks/results)
              --booker-setting=NAME=VALUE  a further booker property (repeatable), e.g.
                                      --booker-setting=spring.datasource.hikari.maximum-pool-size=40
            """;

    public ConcurrencySettings {
        require(offeredRate > 0, "--rate must be more than 0");
        require(inFlightLimit >= 1, "--in-flight must be at least 1");
        require(positive(measured), "--duration must be positive");
        require(warmUp != null && !warmUp.isNegative(), "--warm-up must not be negative");
        require(orderLatencyMin != null && orderLatencyMax != null, "--latency is required");
        require(drainTimeout != null && !drainTimeout.isNegative(), "--drain-timeout must not be negative");
        require(bookerHeap != null && bookerHeap.matches("[0-9]+[kKmMgG]?"), "--booker-heap must be like 512m");
        require(bookerJar != null, "--booker-jar is required");
        require(resultsDirectory != null, "--results-dir is required");
        extraBookerSettings = Map.copyOf(extraBookerSettings);
    }

    /** Reads {@code --name=value} flags; what is not given takes the default in {@link #USAGE}. */
    public static ConcurrencySettings parse(List<String> args) {
        FlagValues.Flags read = FlagValues.read(args, "booker-setting")
                .onlyThese(List.of(
                        "rate",
                        "warm-up",
                        "duration",
                        "in-flight",
                        "latency",
                        "drain-timeout",
                        "booker-heap",
                        "booker-jar",
                        "results-dir"));
        Map<String, String> flags = read.values();
        Map<String, String> bookerSettings = read.settings("booker-setting");
        Duration[] latency = latencyRange(flags.getOrDefault("latency", "20s..30s"));
        // The first calls start together and end together a latency later, and so do the next: the
        // in-flight count swings for about three latencies before it holds at the limit.
        Duration warmUpByDefault = latency[1].multipliedBy(4);
        ConcurrencySettings settings = new ConcurrencySettings(
                number(flags.getOrDefault("rate", "250"), "--rate"),
                flags.containsKey("warm-up") ? duration(flags.get("warm-up"), "--warm-up") : warmUpByDefault,
                duration(flags.getOrDefault("duration", "75s"), "--duration"),
                integer(flags.getOrDefault("in-flight", "5000"), "--in-flight"),
                latency[0],
                latency[1],
                duration(flags.getOrDefault("drain-timeout", "3m"), "--drain-timeout"),
                flags.getOrDefault("booker-heap", "512m"),
                flags.containsKey("booker-jar") ? Path.of(flags.get("booker-jar")) : null,
                Path.of(flags.getOrDefault("results-dir", "benchmarks/results")),
                bookerSettings);
        return settings;
    }

    /** The mean of the uniform order latency: what Little's law expects W to be. */
    public Duration meanOrderLatency() {
        return orderLatencyMin.plus(orderLatencyMax).dividedBy(2);
    }

    /** Requests published in all: warm-up and window. */
    public long requestsToOffer() {
        return (long) Math.ceil(offeredRate * (warmUp.toMillis() + measured.toMillis()) / 1000.0);
    }

    /** {@code 20s..30s}, or one value for a fixed latency. */
    static Duration[] latencyRange(String text) {
        return FlagValues.durationRange(text, "--latency");
    }

    /** {@code 250ms}, {@code 20s}, {@code 1.5s}, {@code 3m}, or a bare number of seconds. */
    static Duration duration(String text, String flag) {
        return FlagValues.duration(text, flag);
    }

    private static double number(String text, String flag) {
        return FlagValues.number(text, flag);
    }

    private static int integer(String text, String flag) {
        return FlagValues.integer(text, flag);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
