package dev.flightpipeline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutboxRelaySettingsTest {

    private static final OutboxRelaySettings DEFAULTS = OutboxRelaySettings.of("localhost:9092", "outbox-relay");

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(DEFAULTS.progressTopic()).isEqualTo("booking.outbox.progress");
        assertThat(DEFAULTS.batchSize()).isEqualTo(500);
        assertThat(DEFAULTS.pollInterval()).isEqualTo(Duration.ofMillis(20));
        assertThat(DEFAULTS.leaderRetryInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(DEFAULTS.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(DEFAULTS.extraProducerProperties()).isEmpty();
    }

    @Test
    void nullSettingsTakeTheirDefaults() {
        OutboxRelaySettings settings =
                new OutboxRelaySettings("localhost:9092", "outbox-relay", null, 10, null, null, null, null);

        assertThat(settings.progressTopic()).isEqualTo(OutboxRelaySettings.DEFAULT_PROGRESS_TOPIC);
        assertThat(settings.pollInterval()).isEqualTo(OutboxRelaySettings.DEFAULT_POLL_INTERVAL);
        assertThat(settings.leaderRetryInterval()).isEqualTo(OutboxRelaySettings.DEFAULT_LEADER_RETRY_INTERVAL);
        assertThat(settings.retention()).isEqualTo(OutboxRelaySettings.DEFAULT_RETENTION);
        assertThat(settings.extraProducerProperties()).isEmpty();
    }

    @Test
    void eachWithMethodChangesOnlyItsSetting() {
        OutboxRelaySettings changed = DEFAULTS.withProgressTopic("t.progress")
                .withBatchSize(7)
                .withPollInterval(Duration.ofMillis(5))
                .withLeaderRetryInterval(Duration.ofMillis(100))
                .withRetention(Duration.ZERO)
                .withExtraProducerProperties(Map.of("linger.ms", 1));

        assertThat(changed)
                .isEqualTo(new OutboxRelaySettings(
                        "localhost:9092",
                        "outbox-relay",
                        "t.progress",
                        7,
                        Duration.ofMillis(5),
                        Duration.ofMillis(100),
                        Duration.ZERO,
                        Map.of("linger.ms", 1)));
    }

    @Test
    void theExtraPropertiesAreCopied() {
        Map<String, Object> extra = new HashMap<>(Map.of("linger.ms", 1));
        OutboxRelaySettings settings = DEFAULTS.withExtraProducerProperties(extra);
        extra.put("batch.size", 1);

        assertThat(settings.extraProducerProperties()).containsOnlyKeys("linger.ms");
        assertThatThrownBy(() -> settings.extraProducerProperties().put("x", 1))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void invalidSettingsAreRefused() {
        assertThatThrownBy(() -> OutboxRelaySettings.of(null, "id")).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> OutboxRelaySettings.of(" ", "id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboxRelaySettings.of("localhost:9092", ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withProgressTopic(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withBatchSize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withPollInterval(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withLeaderRetryInterval(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DEFAULTS.withRetention(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
