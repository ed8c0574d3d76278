package dev.flightpipeline.benchmarks.accept;

import dev.flightpipeline.benchmarks.FlagValues;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the P1 benchmark runs: wrk's settings (the same for the gateway and the bare endpoint), the
 * fixed rate of the latency runs, and the services' heap. Read from {@code --name=value} flags; see
 * {@link #USAGE}.
 *
 * @param measured each measured run: wrk's, and the fixed-rate one
 * @param warmUp before each measured run, the same load unmeasured, so both JVMs have compiled the
 *     path they serve
 * @param threads wrk's {@code -t}
 * @param connections wrk's {@code -c}: requests in flight at once, each connection waiting for its
 *     answer before the next request
 * @param rate requests per second of the fixed-rate runs; 0 skips them
 * @param heap the {@code -Xms} and {@code -Xmx} of both the gateway and the bare endpoint
 * @param gatewayJar the gateway's runnable jar
 * @param harnessJar this harness's runnable jar, which also holds the bare endpoint
 * @param resultsDirectory where the JSON results (and the services' logs) go
 * @param extraGatewaySettings further gateway properties, to try a change without editing it
 */
public record AcceptSettings(
        Duration measured,
        Duration warmUp,
        int threads,
        int connections,
        double rate,
        String heap,
        Path gatewayJar,
        Path harnessJar,
        Path resultsDirectory,
        Map<String, String> extraGatewaySettings) {

    /**
     * The warm-up when none is given, unless a shorter {@code --duration} is. On two cores the JIT
     * still took 15 % of the gateway's CPU in a window after 60 s of load, and 0.5 % after 180 s,
     * when the gateway answered twice as many requests; a shorter warm-up measures the compiler,
     * not the gateway.
     */
    static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(180);

    public static final String USAGE = """
            Usage: scripts/bench-p1 [--name=value ...]

              --duration=30s          each measured run, wrk's and the fixed-rate one (ms, s or m)
              --warm-up=180s          the same load before each measured run, not measured
                                      (default 180 s, or a shorter --duration given)
              --threads=2             wrk's threads (-t), the same for both targets
              --connections=64        wrk's connections (-c), the same for both targets
              --rate=1000             requests/s of the fixed-rate latency runs; 0 skips them
              --heap=512m             -Xms and -Xmx of the gateway and of the bare endpoint
              --gateway-jar=PATH      the gateway's runnable jar (the script passes it)
              --harness-jar=PATH      this harness's runnable jar, with the bare endpoint (the script passes it)
              --results-dir=PATH      where the JSON results go (default benchmarks/results)
              --gateway-setting=NAME=VALUE  a further gateway property (repeatable), e.g.
                                      --gateway-setting=spring.datasource.hikari.maximum-pool-size=40
            """;

    public AcceptSettings {
        require(positive(measured), "--duration must be positive");
        require(warmUp != null && !warmUp.isNegative(), "--warm-up must not be negative");
        require(threads >= 1, "--threads must be at least 1");
        require(connections >= threads, "--connections must be at least --threads (wrk needs one per thread)");
        require(rate >= 0, "--rate must not be negative");
        require(heap != null && heap.matches("[0-9]+[kKmMgG]?"), "--heap must be like 512m");
        require(gatewayJar != null, "--gateway-jar is required");
        require(harnessJar != null, "--harness-jar is required");
        require(resultsDirectory != null, "--results-dir is required");
        extraGatewaySettings = Map.copyOf(extraGatewaySettings);
    }

    /** Reads {@code --name=value} flags; what is not given takes the default in {@link #USAGE}. */
    public static AcceptSettings parse(List<String> args) {
        FlagValues.Flags read = FlagValues.read(args, "gateway-setting")
                .onlyThese(List.of(
                        "duration",
                        "warm-up",
                        "threads",
                        "connections",
                        "rate",
                        "heap",
                        "gateway-jar",
                        "harness-jar",
                        "results-dir"));
        Map<String, String> flags = read.values();
        Map<String, String> gatewaySettings = read.settings("gateway-setting");
        Duration measured = FlagValues.duration(flags.getOrDefault("duration", "30s"), "--duration");
        Duration warmUp = flags.containsKey("warm-up")
                ? FlagValues.duration(flags.get("warm-up"), "--warm-up")
                : (flags.containsKey("duration") && measured.compareTo(DEFAULT_WARM_UP) < 0
                        ? measured
                        : DEFAULT_WARM_UP);
        AcceptSettings settings = new AcceptSettings(
                measured,
                warmUp,
                FlagValues.integer(flags.getOrDefault("threads", "2"), "--threads"),
                FlagValues.integer(flags.getOrDefault("connections", "64"), "--connections"),
                FlagValues.number(flags.getOrDefault("rate", "1000"), "--rate"),
                flags.getOrDefault("heap", "512m"),
                flags.containsKey("gateway-jar") ? Path.of(flags.get("gateway-jar")) : null,
                flags.containsKey("harness-jar") ? Path.of(flags.get("harness-jar")) : null,
                Path.of(flags.getOrDefault("results-dir", "benchmarks/results")),
                gatewaySettings);
        return settings;
    }

    /** Whether the fixed-rate latency runs are made. */
    boolean fixedRate() {
        return rate > 0;
    }

    /** wrk's {@code -d}: whole seconds, at least one. */
    long wrkSeconds(Duration run) {
        return Math.max(1, Math.round(run.toMillis() / 1000.0));
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
