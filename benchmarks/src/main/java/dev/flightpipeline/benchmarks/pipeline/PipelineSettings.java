package dev.flightpipeline.benchmarks.pipeline;

import dev.flightpipeline.benchmarks.FlagValues;
import dev.flightpipeline.benchmarks.accept.FixedRateLoad;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How a run of the whole pipeline (P2's capacity, P4's added latency) is set up. Read from {@code
 * --name=value} flags; see {@link #P2_USAGE} and {@link #P4_USAGE}.
 *
 * @param benchmark what is measured: P2 or P4
 * @param entry where requests enter: the gateway's create-order (HTTP) or {@code booking.requests}
 *     straight (as a gateway publishes them)
 * @param respondAsync whether create-order asks {@code Prefer: respond-async} (202 once published) or
 *     waits for the outcome (201 once confirmed)
 * @param rate booking requests offered per second, steadily (open loop)
 * @param warmUp offering before the measured window: the JVMs compile their paths, pools fill
 * @param measured the window whose confirmations (P2) or answers (P4) count
 * @param orderLatencyMin the simulator's shortest order creation
 * @param orderLatencyMax its longest; uniform in between
 * @param drainTimeout after offering stops, how long to wait for every booking to be terminal
 * @param heap the booker's and the gateway's {@code -Xms} and {@code -Xmx}
 * @param bookerSettings further booker properties; they win over the benchmark's own
 * @param gatewaySettings further gateway properties
 */
public record PipelineSettings(
        Benchmark benchmark,
        Entry entry,
        boolean respondAsync,
        double rate,
        Duration warmUp,
        Duration measured,
        Duration orderLatencyMin,
        Duration orderLatencyMax,
        Duration drainTimeout,
        String heap,
        Path bookerJar,
        Path gatewayJar,
        Path resultsDirectory,
        Map<String, String> bookerSettings,
        Map<String, String> gatewaySettings) {

    public enum Benchmark {
        P2,
        P4
    }

    public enum Entry {
        GATEWAY,
        KAFKA
    }

    private static final String SERVICE_FLAGS_USAGE = """
              --heap=512m             the booker's and the gateway's -Xms and -Xmx
              --booker-jar=PATH       the booker's runnable jar (the script passes it)
              --gateway-jar=PATH      the gateway's runnable jar (the script passes it)
              --results-dir=PATH      where the JSON results go (default benchmarks/results)
              --booker-setting=NAME=VALUE   a further booker property (repeatable)
              --gateway-setting=NAME=VALUE  a further gateway property (repeatable)
            """;

    public static final String P2_USAGE = """
            Usage: scripts/bench-p2 [--name=value ...]

              --entry=gateway         where requests enter: gateway (POST create-order with Prefer:
                                      respond-async, the whole pipeline) or kafka (published to
                                      booking.requests as the gateway does, no gateway running)
              --rate=1200             booking requests offered per second
              --duration=60s          the measured window (ms, s or m; a bare number is seconds)
              --warm-up=300s          offering before the window, through the gateway at a rate
                                      rising from 0 to --rate (on two cores the JIT still takes
                                      a tenth of the booker's CPU two minutes into a run)
              --latency=0             the simulator's order creation time: 0 answers at once;
                                      min..max for a uniform range
              --drain-timeout=1m      after offering, the longest wait for every booking to end
            """ + SERVICE_FLAGS_USAGE;

    public static final String P4_USAGE = """
            Usage: scripts/bench-p4 [--name=value ...]

              --rate=200              booking requests per second, each POST create-order waiting
                                      for its outcome (201 once confirmed)
              --duration=60s          the measured window (ms, s or m; a bare number is seconds)
              --warm-up=300s          requests before the window, at a rate rising from 0 to
                                      --rate (on two cores the JIT still takes a tenth of the
                                      booker's CPU two minutes into a run)
              --latency=100ms..300ms  the simulator's order creation time, uniform between the two
                                      (0 answers at once)
              --drain-timeout=1m      after the last answer, the longest wait for every booking to end
            """ + SERVICE_FLAGS_USAGE;

    private static final List<String> COMMON_FLAGS = List.of(
            "rate",
            "duration",
            "warm-up",
            "latency",
            "drain-timeout",
            "heap",
            "booker-jar",
            "gateway-jar",
            "results-dir");

    public PipelineSettings {
        require(rate > 0, "--rate must be more than 0");
        require(measured != null && measured.compareTo(Duration.ofSeconds(1)) >= 0, "--duration must be at least 1 s");
        require(warmUp != null && !warmUp.isNegative(), "--warm-up must not be negative");
        require(orderLatencyMin != null && orderLatencyMax != null, "--latency is required");
        require(drainTimeout != null && !drainTimeout.isNegative(), "--drain-timeout must not be negative");
        require(heap != null && heap.matches("[0-9]+[kKmMgG]?"), "--heap must be like 512m");
        require(bookerJar != null, "--booker-jar is required");
        require(entry == Entry.KAFKA || gatewayJar != null, "--gateway-jar is required");
        require(resultsDirectory != null, "--results-dir is required");
        require(
                benchmark != Benchmark.P4 || (entry == Entry.GATEWAY && !respondAsync),
                "P4 measures the gateway's synchronous create-order");
        bookerSettings = Map.copyOf(bookerSettings);
        gatewaySettings = Map.copyOf(gatewaySettings);
    }

    /** P2's flags: the pipeline's capacity with the simulator answering at once. */
    public static PipelineSettings parseP2(List<String> args) {
        FlagValues.Flags flags = read(args, "entry");
        Entry entry = switch (flags.get("entry", "gateway")) {
            case "gateway" -> Entry.GATEWAY;
            case "kafka" -> Entry.KAFKA;
            default -> throw new IllegalArgumentException("--entry is gateway or kafka");
        };
        return settings(Benchmark.P2, entry, true, flags, "1200", "0");
    }

    /** P4's flags: what the pipeline adds to the simulator's own order latency, at a fixed rate. */
    public static PipelineSettings parseP4(List<String> args) {
        return settings(Benchmark.P4, Entry.GATEWAY, false, read(args), "200", "100ms..300ms");
    }

    private static FlagValues.Flags read(List<String> args, String... ownFlags) {
        List<String> known = new ArrayList<>(COMMON_FLAGS);
        known.addAll(List.of(ownFlags));
        return FlagValues.read(args, "booker-setting", "gateway-setting").onlyThese(known);
    }

    private static PipelineSettings settings(
            Benchmark benchmark,
            Entry entry,
            boolean respondAsync,
            FlagValues.Flags flags,
            String defaultRate,
            String defaultLatency) {
        Duration[] latency = FlagValues.durationRange(flags.get("latency", defaultLatency), "--latency");
        return new PipelineSettings(
                benchmark,
                entry,
                respondAsync,
                FlagValues.number(flags.get("rate", defaultRate), "--rate"),
                FlagValues.duration(flags.get("warm-up", "300s"), "--warm-up"),
                FlagValues.duration(flags.get("duration", "60s"), "--duration"),
                latency[0],
                latency[1],
                FlagValues.duration(flags.get("drain-timeout", "1m"), "--drain-timeout"),
                flags.get("heap", "512m"),
                path(flags.get("booker-jar", null)),
                path(flags.get("gateway-jar", null)),
                Path.of(flags.get("results-dir", "benchmarks/results")),
                flags.settings("booker-setting"),
                flags.settings("gateway-setting"));
    }

    /** Requests offered in all: warm-up and window. */
    public int requestsToOffer() {
        // The paced publisher may send one more than the fixed-rate load.
        return FixedRateLoad.requestsFor(rate, warmUp, measured) + 1;
    }

    /** Whether the gateway runs: for requests entering through it. */
    public boolean gatewayRuns() {
        return entry == Entry.GATEWAY;
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
