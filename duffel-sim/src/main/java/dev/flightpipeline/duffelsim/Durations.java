package dev.flightpipeline.duffelsim;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people type them in settings: {@code 250} (ms), {@code 250ms}, {@code 2s}, {@code 5m}, {@code PT2S}. */
final class Durations {

    private Durations() {}

    static Duration parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (value.startsWith("pt") || value.startsWith("p")) {
                return Duration.parse(value.toUpperCase(Locale.ROOT));
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(
                        Long.parseLong(value.substring(0, value.length() - 2).trim()));
            }
            if (value.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(
                                value.substring(0, value.length() - 1).trim())
                        * 1000));
            }
            if (value.endsWith("m")) {
                return Duration.ofSeconds(Math.round(Double.parseDouble(
                                value.substring(0, value.length() - 1).trim())
                        * 60));
            }
            return Duration.ofMillis(Long.parseLong(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration: write 250 (ms), 250ms, 2s, 5m or PT2S", e);
        }
    }
}
