package dev.flightpipeline.benchmarks.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.benchmarks.limits.KafkaProducerLimit.ProducerFigures;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitsBenchmarkTest {

    @Test
    void theProducerPerfToolsSummaryIsReadAndItsProgressLinesAreNot() {
        String printed = """
                85201 records sent, 17033.4 records/sec (7.96 MB/sec), 1205.3 ms avg latency, 1900.0 ms max latency.
                300000 records sent, 52910.1 records/sec (24.73 MB/sec), 540.22 ms avg latency, 2046.00 ms max latency, 411 ms 50th, 1610 ms 95th, 1950 ms 99th, 2040 ms 99.9th.
                """;

        ProducerFigures figures = KafkaProducerLimit.parse("acks=all", printed);

        assertThat(figures).isEqualTo(new ProducerFigures("acks=all", 300_000, 52910.1, 24.73, 1950));
    }

    @Test
    void noSummaryIsAFailureNotAZero() {
        assertThatThrownBy(() -> KafkaProducerLimit.parse("acks=all", "85201 records sent, 17033.4 records/sec"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void flagsChangeTheDefaultsAndWrongOnesAreRefused() {
        LimitsSettings settings =
                LimitsSettings.parse(List.of("--records=50_000", "--commits-for=5s", "--clients=1,4"));

        assertThat(settings.records()).isEqualTo(50_000);
        assertThat(settings.commitsFor()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.clients()).containsExactly(1, 4);
        assertThatThrownBy(() -> LimitsSettings.parse(List.of("--commits-for=soon")))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> LimitsSettings.parse(List.of("--clients=0"))).hasMessageContaining("--clients");
        assertThatThrownBy(() -> LimitsSettings.parse(List.of("--rate=5"))).hasMessageContaining("unknown flag");
    }

    @Test
    void aBookingRequestIsMeasuredAsTheGatewayWritesIt() {
        assertThat(LimitsBenchmarkMain.bookingRequestSize()).isBetween(300, 2_000);
    }
}
