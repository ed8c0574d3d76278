package dev.flightpipeline.dltreplay;

import java.util.List;

/**
 * The flags of {@code scripts/replay-dlt}.
 *
 * @param bootstrapServers the Kafka cluster
 * @param group the consumer group whose committed offsets say what has been replayed; its name is
 *     also the producer's transactional id, so two runs in one group cannot both write
 * @param dryRun list what would be replayed and parked, and change nothing
 * @param max at most this many dead letters in this run ({@link Long#MAX_VALUE}: all of them)
 */
public record ReplaySettings(String bootstrapServers, String group, boolean dryRun, long max) {

    static final String USAGE = """
            usage: scripts/replay-dlt [--bootstrap-servers=HOST:PORT] [--dry-run] [--max=N] [--group=NAME]
              Replays booking.requests.dlt to booking.requests, each dead letter once, with its key and
              headers; one that failed again after a replay goes to booking.requests.parked instead.
              Stops when it has caught up with the dead-letter topic's end.
              --bootstrap-servers=HOST:PORT  the Kafka cluster (default localhost:19092, the local stack)
              --dry-run                      list what would be replayed or parked; change nothing
              --max=N                        at most N dead letters this run (default: all)
              --group=NAME                   the consumer group that remembers what was replayed
                                             (default dlt-replay)
              --help                         this text
            """;

    public ReplaySettings {
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("--bootstrap-servers needs a HOST:PORT");
        }
        if (group.isBlank()) {
            throw new IllegalArgumentException("--group needs a name");
        }
        if (max < 1) {
            throw new IllegalArgumentException("--max must be at least 1, not " + max);
        }
    }

    public static ReplaySettings defaults() {
        return new ReplaySettings("localhost:19092", "dlt-replay", false, Long.MAX_VALUE);
    }

    /** The defaults, changed by the flags; a wrong flag is an {@link IllegalArgumentException}. */
    public static ReplaySettings parse(List<String> arguments) {
        ReplaySettings defaults = defaults();
        String bootstrapServers = defaults.bootstrapServers();
        String group = defaults.group();
        boolean dryRun = defaults.dryRun();
        long max = defaults.max();
        for (String argument : arguments) {
            if (argument.equals("--dry-run")) {
                dryRun = true;
                continue;
            }
            int equals = argument.indexOf('=');
            if (!argument.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException(
                        argument.startsWith("--")
                                ? argument + " needs a value: " + argument + "=..."
                                : "not a flag: " + argument);
            }
            String name = argument.substring(2, equals);
            String value = argument.substring(equals + 1);
            switch (name) {
                case "bootstrap-servers" -> bootstrapServers = value.trim();
                case "group" -> group = value.trim();
                case "max" -> max = number(name, value);
                case "dry-run" -> throw new IllegalArgumentException("--dry-run takes no value");
                default -> throw new IllegalArgumentException("unknown flag --" + name);
            }
        }
        return new ReplaySettings(bootstrapServers, group, dryRun, max);
    }

    private static long number(String name, String value) {
        try {
            return Long.parseLong(value.replace("_", ""));
        } catch (NumberFormatException notANumber) {
            throw new IllegalArgumentException("--" + name + " needs a number, not '" + value + "'");
        }
    }
}
