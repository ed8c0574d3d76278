package dev.flightpipeline.dltreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplaySettingsTest {

    @Test
    void withoutFlagsItReplaysEverythingOnTheLocalStack() {
        assertThat(ReplaySettings.parse(List.of()))
                .isEqualTo(new ReplaySettings("localhost:19092", "dlt-replay", false, Long.MAX_VALUE));
    }

    @Test
    void flagsChangeTheBrokerTheGroupTheLimitAndMakeItADryRun() {
        assertThat(ReplaySettings.parse(
                        List.of("--bootstrap-servers=kafka:9092", "--dry-run", "--max=1_000", "--group=replay-2")))
                .isEqualTo(new ReplaySettings("kafka:9092", "replay-2", true, 1_000));
    }

    @Test
    void wrongFlagsSayWhatIsWrong() {
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("--bootstrap-server=kafka:9092")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown flag --bootstrap-server");
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("--bootstrap-servers", "kafka:9092")))
                .hasMessage("--bootstrap-servers needs a value: --bootstrap-servers=...");
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("kafka:9092"))).hasMessage("not a flag: kafka:9092");
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("--max=ten")))
                .hasMessage("--max needs a number, not 'ten'");
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("--max=0")))
                .hasMessage("--max must be at least 1, not 0");
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("--dry-run=yes"))).hasMessage("--dry-run takes no value");
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("--bootstrap-servers=")))
                .hasMessage("--bootstrap-servers needs a HOST:PORT");
        assertThatThrownBy(() -> ReplaySettings.parse(List.of("--group= "))).hasMessage("--group needs a name");
    }
}
