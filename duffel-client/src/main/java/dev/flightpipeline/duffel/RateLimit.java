package dev.flightpipeline.duffel;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;

/** Duffel's {@code ratelimit-limit}, {@code ratelimit-remaining} and {@code ratelimit-reset} headers. */
public record RateLimit(Integer limit, Integer remaining, Instant resetAt) {

    static Optional<RateLimit> from(HttpHeaders headers) {
        Integer limit = integer(headers.getFirst("ratelimit-limit"));
        Integer remaining = integer(headers.getFirst("ratelimit-remaining"));
        Instant reset = instant(headers.getFirst("ratelimit-reset"));
        if (limit == null && remaining == null && reset == null) {
            return Optional.empty();
        }
        return Optional.of(new RateLimit(limit, remaining, reset));
    }

    /** An HTTP date, ISO-8601 time, or seconds since the epoch: all are seen in the wild. */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            return ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
        } catch (DateTimeParseException notHttpDate) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException notIso) {
                try {
                    return Instant.ofEpochSecond(Long.parseLong(text));
                } catch (NumberFormatException notEpoch) {
                    return null;
                }
            }
        }
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
