package dev.flightpipeline.dltreplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ReplayCommandTest {

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

    @Test
    void aKafkaFailureIsToldWithItsCausesBecauseKafkasOwnMessagesSayLittle() {
        KafkaException failure = new KafkaException(
                "Failed to construct kafka consumer",
                new ConfigException("No resolvable bootstrap urls given in bootstrap.servers"));

        assertThat(ReplayCommand.reasons(failure))
                .isEqualTo(
                        "Failed to construct kafka consumer: No resolvable bootstrap urls given in bootstrap.servers");
    }

    private static final class Output {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
