package dev.flightpipeline.benchmarks;

import java.time.Duration;
import java.util.Locale;

/** The values of the benchmark commands' {@code --name=value} flags, read one way for all of them. */
public final class FlagValues {

    private FlagValues() {}

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
