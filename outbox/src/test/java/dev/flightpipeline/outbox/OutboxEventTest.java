package dev.flightpipeline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class OutboxEventTest {

    private static final UUID ID = UUID.randomUUID();

    @Test
    void theHeadersAreCopied() {
        Map<String, String> headers = new HashMap<>(Map.of("ce_id", ID.toString()));
        OutboxEvent event = new OutboxEvent(ID, "t", "k", "booking.confirmed", "{}", headers);
        headers.put("ce_type", "x");

        assertThat(event.headers()).containsOnlyKeys("ce_id");
        assertThat(new OutboxEvent(ID, "t", "k", "booking.confirmed", "{}").headers())
                .isEmpty();
    }

    @Test
    void missingPartsAreRefused() {
        assertThatThrownBy(() -> new OutboxEvent(null, "t", "k", "type", "{}"))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OutboxEvent(ID, null, "k", "type", "{}")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OutboxEvent(ID, "t", null, "type", "{}")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OutboxEvent(ID, "t", "k", null, "{}")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OutboxEvent(ID, "t", "k", "type", null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OutboxEvent(ID, "t", "k", "type", "{}", null))
                .isInstanceOf(NullPointerException.class);
        assertThatCode(() -> new OutboxEvent(ID, "t", "", "type", "{}", Map.of("ce_id", "1", "x", "")))
                .doesNotThrowAnyException();
        Map<String, String> nullValue = new HashMap<>();
        nullValue.put("ce_id", null);
        assertThatThrownBy(() -> new OutboxEvent(ID, "t", "k", "type", "{}", nullValue))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new OutboxEvent(ID, " ", "k", "type", "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutboxEvent(ID, "t", "k", "type", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
