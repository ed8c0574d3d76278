package dev.flightpipeline.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.benchmarks.pipeline.PipelineSettings.Benchmark;
import dev.flightpipeline.benchmarks.pipeline.PipelineSettings.Entry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineSettingsTest {

    private static final List<String> JARS = List.of("--booker-jar=booker.jar", "--gateway-jar=gateway.jar");

    private static List<String> withJars(String... flags) {
        List<String> all = new ArrayList<>(JARS);
        all.addAll(List.of(flags));
        return all;
    }

    @Test
    void p2OffersTwelveHundredASecondThroughTheGatewayForSixtySecondsWithTheSimulatorAnsweringAtOnce() {
        PipelineSettings settings = PipelineSettings.parseP2(JARS);

        assertThat(settings.benchmark()).isEqualTo(Benchmark.P2);
        assertThat(settings.entry()).isEqualTo(Entry.GATEWAY);
        assertThat(settings.respondAsync()).isTrue();
        assertThat(settings.rate()).isEqualTo(1200);
        assertThat(settings.measured()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.warmUp()).isEqualTo(Duration.ofSeconds(300));
        assertThat(settings.orderLatencyMax()).isZero();
        assertThat(settings.bookerJar()).isEqualTo(Path.of("booker.jar"));
        assertThat(settings.resultsDirectory()).isEqualTo(Path.of("benchmarks/results"));
    }

    @Test
    void p2CanPublishStraightToKafkaWithoutAGateway() {
        PipelineSettings settings = PipelineSettings.parseP2(List.of("--entry=kafka", "--booker-jar=booker.jar"));

        assertThat(settings.entry()).isEqualTo(Entry.KAFKA);
        assertThat(settings.gatewayRuns()).isFalse();
        assertThat(settings.gatewayJar()).isNull();
    }

    @Test
    void p4WaitsForEachOutcomeAtTwoHundredASecondWithOrdersTakingOneToThreeHundredMilliseconds() {
        PipelineSettings settings = PipelineSettings.parseP4(JARS);

        assertThat(settings.benchmark()).isEqualTo(Benchmark.P4);
        assertThat(settings.entry()).isEqualTo(Entry.GATEWAY);
        assertThat(settings.respondAsync()).isFalse();
        assertThat(settings.rate()).isEqualTo(200);
        assertThat(settings.orderLatencyMin()).isEqualTo(Duration.ofMillis(100));
        assertThat(settings.orderLatencyMax()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aShortRunOffersEnoughOffersForEveryRequest() {
        PipelineSettings settings = PipelineSettings.parseP2(withJars("--rate=100", "--duration=20s", "--warm-up=10s"));

        assertThat(settings.requestsToOffer()).isEqualTo(100 * 30 + 1);
    }

    @Test
    void eachServiceTakesItsOwnFurtherProperties() {
        PipelineSettings settings = PipelineSettings.parseP4(withJars(
                "--booker-setting=spring.datasource.hikari.maximum-pool-size=40",
                "--gateway-setting=gateway.booking.outcome-wait=10s"));

        assertThat(settings.bookerSettings()).isEqualTo(Map.of("spring.datasource.hikari.maximum-pool-size", "40"));
        assertThat(settings.gatewaySettings()).isEqualTo(Map.of("gateway.booking.outcome-wait", "10s"));
    }

    @Test
    void wrongFlagsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> PipelineSettings.parseP2(withJars("--entry=http")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--entry");
        assertThatThrownBy(() -> PipelineSettings.parseP4(withJars("--entry=kafka")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown flag");
        assertThatThrownBy(() -> PipelineSettings.parseP2(List.of("--booker-jar=b.jar")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--gateway-jar");
        assertThatThrownBy(() -> PipelineSettings.parseP4(withJars("--latency=300ms..100ms")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--latency");
        assertThatThrownBy(() -> PipelineSettings.parseP2(withJars("--rate=0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--rate");
    }
}
