package dev.flightpipeline.benchmarks.faults;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the fault run (R1) does: how many bookings, how fast, how often the booker is killed, and
 * how long an offer lives. Read from {@code --name=value} flags; see {@link #USAGE}.
 *
 * @param bookings booking requests published in all
 * @param rate requests published per second
 * @param killEvery the pause between two SIGKILLs of the booker, while requests are published
 * @param faultShare the share of order creations ending in each of R1's faults (timeout, 500 or
 *     reset after creating the order, order_not_created, 429); the other faults get half of it
 * @param offerLifetime how long an offer can be booked: a booking whose order never reached Duffel
 *     is closed only after its offer expired (plus the reconciler's grace), so this bounds the wait
 * @param quiescenceBound after the last fault, how long every booking may take to be terminal (R1:
 *     5 minutes)
 * @param bookerHeap the booker's {@code -Xmx}
 * @param jars the runnable jars of the booker, the reconciler, the simulator and this harness
 * @param resultsDirectory where the JSON results and the processes' logs go
 * @param extraBookerSettings further booker properties, to try a change without editing the
 *     booker; they win over the run's own
 */
public record FaultRunSettings(
        int bookings,
        double rate,
        Duration killEvery,
        double faultShare,
        Duration offerLifetime,
        Duration quiescenceBound,
        String bookerHeap,
        Jars jars,
        Path resultsDirectory,
        Map<String, String> extraBookerSettings) {

    /** The runnable jars the run starts processes from. */
    public record Jars(Path booker, Path reconciler, Path simulator, Path harness) {}

    public static final String USAGE = """
            Usage: scripts/fault-run [--ci] [--name=value ...]

              --bookings=10000        booking requests published in all
              --rate=40               requests published per second
              --kill-every=60s        SIGKILL the booker (and restart it) this often while publishing
              --fault-share=0.02      share of orders ending in each of R1's faults (timeout, 500 or
                                      reset after creating, order_not_created, 429); every other
                                      fault of the simulator gets half of it
              --offer-lifetime=4m     how long an offer can be booked (bounds how long a booking
                                      whose order never reached Duffel stays open)
              --quiescence-bound=5m   the longest wait after the last fault for every booking to end
              --booker-heap=512m      the booker's -Xmx
              --ci                    the short version: 500 bookings at 10/s, a kill every 25s,
                                      offers living 2m (flags after it still win)
              --booker-jar=, --reconciler-jar=, --simulator-jar=, --harness-jar=  (the script passes them)
              --results-dir=PATH      where the JSON results and the logs go (default benchmarks/results)
              --booker-setting=NAME=VALUE  a further booker property (repeatable), e.g.
                                      --booker-setting=spring.kafka.consumer.properties.group.instance.id=booker-r1
            """;

    private static final Map<String, String> DEFAULTS = Map.of(
            "bookings", "10000",
            "rate", "40",
            "kill-every", "60s",
            "fault-share", "0.02",
            "offer-lifetime", "4m",
            "quiescence-bound", "5m",
            "booker-heap", "512m",
            "results-dir", "benchmarks/results");

    private static final Map<String, String> CI = Map.of(
            "bookings", "500",
            "rate", "10",
            "kill-every", "25s",
            "offer-lifetime", "2m");

    public FaultRunSettings {
        require(bookings >= 1, "--bookings must be at least 1");
        require(rate > 0, "--rate must be more than 0");
        require(positive(killEvery), "--kill-every must be positive");
        require(faultShare >= 0 && faultShare * 8 <= 1, "--fault-share must be between 0 and 0.125");
        require(positive(offerLifetime), "--offer-lifetime must be positive");
        require(positive(quiescenceBound), "--quiescence-bound must be positive");
        require(bookerHeap != null && bookerHeap.matches("[0-9]+[kKmMgG]?"), "--booker-heap must be like 512m");
        require(
                jars.booker() != null
                        && jars.reconciler() != null
                        && jars.simulator() != null
                        && jars.harness() != null,
                "--booker-jar, --reconciler-jar, --simulator-jar and --harness-jar are required");
        extraBookerSettings = Map.copyOf(extraBookerSettings);
    }

    /** Reads {@code --name=value} flags and {@code --ci}; what is not given takes the default in {@link #USAGE}. */
    public static FaultRunSettings parse(List<String> args) {
        Map<String, String> flags = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> bookerSettings = new LinkedHashMap<>();
        if (args.contains("--ci")) {
            flags.putAll(CI);
        }
        for (String arg : args) {
            if (arg.equals("--ci")) {
                continue;
            }
            int equals = arg.indexOf('=');
            if (!arg.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value or --ci, not '" + arg + "'");
            }
            String name = arg.substring(2, equals);
            if (name.equals("booker-setting")) {
                String setting = arg.substring(equals + 1);
                int split = setting.indexOf('=');
                if (split < 1) {
                    throw new IllegalArgumentException("--booker-setting is NAME=VALUE, not '" + setting + "'");
                }
                bookerSettings.put(setting.substring(0, split), setting.substring(split + 1));
                continue;
            }
            if (!DEFAULTS.containsKey(name) && !name.endsWith("-jar")) {
                throw new IllegalArgumentException("unknown flag --" + name);
            }
            flags.put(name, arg.substring(equals + 1));
        }
        return new FaultRunSettings(
                integer(flags.get("bookings"), "--bookings"),
                number(flags.get("rate"), "--rate"),
                duration(flags.get("kill-every"), "--kill-every"),
                number(flags.get("fault-share"), "--fault-share"),
                duration(flags.get("offer-lifetime"), "--offer-lifetime"),
                duration(flags.get("quiescence-bound"), "--quiescence-bound"),
                flags.get("booker-heap"),
                new Jars(
                        path(flags.get("booker-jar")),
                        path(flags.get("reconciler-jar")),
                        path(flags.get("simulator-jar")),
                        path(flags.get("harness-jar"))),
                Path.of(flags.get("results-dir")),
                bookerSettings);
    }

    /** How long publishing takes. */
    public Duration publishing() {
        return Duration.ofMillis(Math.round(bookings / rate * 1000));
    }

    /** {@code 250ms}, {@code 20s}, {@code 1.5s}, {@code 3m}, or a bare number of seconds. */
    static Duration duration(String text, String flag) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            double factor = 1000;
            if (value.endsWith("m")) {
                factor = 60_000;
                value = value.substring(0, value.length() - 1);
            } else if (value.endsWith("s")) {
                value = value.substring(0, value.length() - 1);
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * factor));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not a duration (250ms, 20s, 3m)");
        }
    }

    private static Path path(String text) {
        return text == null ? null : Path.of(text);
    }

    private static double number(String text, String flag) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not a number");
        }
    }

    private static int integer(String text, String flag) {
        try {
            return Integer.parseInt(text.trim().replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not a whole number");
        }
    }

    private static boolean positive(Duration duration) {
        return !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
