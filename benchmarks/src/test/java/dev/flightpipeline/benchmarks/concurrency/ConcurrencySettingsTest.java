package dev.flightpipeline.benchmarks.concurrency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrencySettingsTest {

    @Test
    void defaultsOfferAboveTheBoundOfFiveThousandCallsOfTwentyToThirtySeconds() {
        ConcurrencySettings settings = ConcurrencySettings.parse(List.of("--booker-jar=booker.jar"));

        assertThat(settings.offeredRate()).isEqualTo(250);
        assertThat(settings.inFlightLimit()).isEqualTo(5000);
        assertThat(settings.orderLatencyMin()).isEqualTo(Duration.ofSeconds(20));
        assertThat(settings.orderLatencyMax()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.meanOrderLatency()).isEqualTo(Duration.ofSeconds(25));
        assertThat(settings.measured()).isEqualTo(Duration.ofSeconds(75));
        assertThat(settings.warmUp()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.bookerJar()).isEqualTo(Path.of("booker.jar"));
        assertThat(settings.resultsDirectory()).isEqualTo(Path.of("benchmarks/results"));
    }

    @Test
    void warmUpDefaultsToFourTimesTheLongestLatency() {
        ConcurrencySettings smoke = ConcurrencySettings.parse(
                List.of("--rate=20", "--duration=20s", "--latency=2s..3s", "--booker-jar=b.jar"));

        assertThat(smoke.warmUp()).isEqualTo(Duration.ofSeconds(12));
        assertThat(smoke.requestsToOffer()).isEqualTo(20 * 32);
    }

    @Test
    void durationsTakeMillisecondsSecondsMinutesOrABareNumberOfSeconds() {
        assertThat(ConcurrencySettings.duration("250ms", "--x")).isEqualTo(Duration.ofMillis(250));
        assertThat(ConcurrencySettings.duration("1.5s", "--x")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ConcurrencySettings.duration("3m", "--x")).isEqualTo(Duration.ofMinutes(3));
        assertThat(ConcurrencySettings.duration("40", "--x")).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void oneLatencyValueMeansAFixedLatency() {
        ConcurrencySettings settings = ConcurrencySettings.parse(List.of("--latency=2s", "--booker-jar=b.jar"));

        assertThat(settings.orderLatencyMin()).isEqualTo(settings.orderLatencyMax());
    }

    @Test
    void furtherBookerSettingsAreCollectedByName() {
        ConcurrencySettings settings = ConcurrencySettings.parse(List.of(
                "--booker-setting=spring.kafka.listener.concurrency=3",
                "--booker-setting=spring.datasource.hikari.maximum-pool-size=40",
                "--booker-jar=b.jar"));

        assertThat(settings.extraBookerSettings())
                .containsEntry("spring.kafka.listener.concurrency", "3")
                .containsEntry("spring.datasource.hikari.maximum-pool-size", "40");
    }

    @Test
    void unknownFlagsAndWrongValuesAreRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> ConcurrencySettings.parse(List.of("--rat=20", "--booker-jar=b.jar")))
                .hasMessageContaining("--rat");
        assertThatThrownBy(() -> ConcurrencySettings.parse(List.of("--latency=30s..20s", "--booker-jar=b.jar")))
                .hasMessageContaining("--latency");
        assertThatThrownBy(() -> ConcurrencySettings.parse(List.of("--in-flight=lots", "--booker-jar=b.jar")))
                .hasMessageContaining("--in-flight");
        assertThatThrownBy(() -> ConcurrencySettings.parse(List.of("--rate=20")))
                .hasMessageContaining("--booker-jar");
    }
}
