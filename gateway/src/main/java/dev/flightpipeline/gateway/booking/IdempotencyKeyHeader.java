package dev.flightpipeline.gateway.booking;

import java.util.List;
import java.util.UUID;

/**
 * The {@code Idempotency-Key} header's rules (http-api.md, after the IETF draft): optional; when
 * sent, exactly once and 1 to 255 printable ASCII characters. When absent the gateway makes one.
 */
final class IdempotencyKeyHeader {

    static final String NAME = "Idempotency-Key";
    static final int MAX_LENGTH = 255;

    /** The key to use, or why the header is refused. */
    sealed interface Reading {
        record Sent(String key) implements Reading {}

        record Made(String key) implements Reading {}

        record Refused(String reason) implements Reading {}
    }

    private IdempotencyKeyHeader() {}

    static Reading read(List<String> values) {
        if (values == null || values.isEmpty()) {
            return new Reading.Made(UUID.randomUUID().toString());
        }
        if (values.size() > 1) {
            return new Reading.Refused("must be sent once");
        }
        String key = values.getFirst();
        if (key.isEmpty()) {
            return new Reading.Refused("must not be empty");
        }
        if (key.length() > MAX_LENGTH) {
            return new Reading.Refused("must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < (i == 0 ? 0x21 : 0x20) || c > 0x7e) {
                return new Reading.Refused("must be printable ASCII characters, not starting with a space");
            }
        }
        return new Reading.Sent(key);
    }
}
