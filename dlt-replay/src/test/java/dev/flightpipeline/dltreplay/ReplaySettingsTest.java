package dev.flightpipeline.dltreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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

    @Test
    void aWrongFlagExitsWithTwoAndTheUsageOnStandardErrorWithoutTouchingKafka() {
        Output out = new Output();
        Output err = new Output();

        int exit = ReplayCommand.run(List.of("--maximum=3"), ReplayTopics.PIPELINE, out.stream, err.stream);

        assertThat(exit).isEqualTo(2);
        assertThat(out.text()).isEmpty();
        assertThat(err.text())
                .startsWith("error: unknown flag --maximum\nusage: scripts/replay-dlt")
                .doesNotContain("Exception");
    }

    @Test
    void helpPrintsTheUsageAndExitsWithZero() {
        Output out = new Output();
        Output err = new Output();

        int exit = ReplayCommand.run(List.of("--dry-run", "--help"), ReplayTopics.PIPELINE, out.stream, err.stream);

        assertThat(exit).isZero();
        assertThat(out.text()).isEqualTo(ReplaySettings.USAGE).contains("--dry-run", "--max=N", "--bootstrap-servers");
        assertThat(err.text()).isEmpty();
    }

    private static final class Output {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
