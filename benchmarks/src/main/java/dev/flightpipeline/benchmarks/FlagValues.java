package dev.flightpipeline.benchmarks;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The values of the benchmark commands' {@code --name=value} flags, read one way for all of them. */
public final class FlagValues {

    private FlagValues() {}

    /**
     * A command's flags, read: each {@code --name=value} by name (the last one wins), and the
     * repeatable {@code --<service>-setting=NAME=VALUE} flags, which pass a property to a service
     * the command starts, by flag and property name.
     */
    public record Flags(Map<String, String> values, Map<String, Map<String, String>> settingsByFlag) {

        /** Refuses any flag not in {@code known}. */
        public Flags onlyThese(Collection<String> known) {
            List<String> unknown = values.keySet().stream()
                    .filter(name -> !known.contains(name))
                    .toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown flag(s): --" + String.join(", --", unknown));
            }
            return this;
        }

        public String get(String name, String orElse) {
            return values.getOrDefault(name, orElse);
        }

        /** The properties given with {@code --<settingFlag>=NAME=VALUE}, by name. */
        public Map<String, String> settings(String settingFlag) {
            return settingsByFlag.getOrDefault(settingFlag, Map.of());
        }
    }

    /**
     * Reads {@code --name=value} flags, and {@code --<settingFlag>=NAME=VALUE} ones for each of the
     * command's {@code settingFlags} (none if it has none).
     */
    public static Flags read(List<String> arguments, String... settingFlags) {
        List<String> settingFlagNames = List.of(settingFlags);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Map<String, String>> settings = new LinkedHashMap<>();
        for (String argument : arguments) {
            int equals = argument.indexOf('=');
            if (!argument.startsWith("--") || equals < 0) {
                throw new IllegalArgumentException("expected --name=value, not '" + argument + "'");
            }
            String name = argument.substring(2, equals);
            String value = argument.substring(equals + 1);
            if (settingFlagNames.contains(name)) {
                int split = value.indexOf('=');
                if (split < 1) {
                    throw new IllegalArgumentException("--" + name + " is NAME=VALUE, not '" + value + "'");
                }
                settings.computeIfAbsent(name, flag -> new LinkedHashMap<>())
                        .put(value.substring(0, split), value.substring(split + 1));
            } else {
                values.put(name, value);
            }
        }
        return new Flags(values, settings);
    }

    /** {@code 250ms}, {@code 20s}, {@code 1.5s}, {@code 3m}, or a bare number of seconds. */
    public static Duration duration(String text, String flag) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("m")) {
                return millis(Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000);
            }
            if (value.endsWith("s")) {
                value = value.substring(0, value.length() - 1);
            }
            return millis(Double.parseDouble(value) * 1000);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not a duration (250ms, 20s, 3m)");
        }
    }

    /** {@code 20s..30s}, or one value for a fixed duration: {@code [min, max]}. */
    public static Duration[] durationRange(String text, String flag) {
        String[] bounds = text.split("\\.\\.", -1);
        if (bounds.length > 2) {
            throw new IllegalArgumentException(flag + " is min..max or one value, not '" + text + "'");
        }
        Duration min = duration(bounds[0], flag);
        Duration max = bounds.length == 2 ? duration(bounds[1], flag) : min;
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException(flag + " must be min..max with 0 <= min <= max, not '" + text + "'");
        }
        return new Duration[] {min, max};
    }

    public static double number(String text, String flag) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not a number");
        }
    }

    public static int integer(String text, String flag) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + ": '" + text + "' is not a whole number");
        }
    }

    private static Duration millis(double millis) {
        return Duration.ofMillis(Math.round(millis));
    }
}
