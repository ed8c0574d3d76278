package dev.flightpipeline.benchmarks.accept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AcceptSettingsTest {

    private static List<String> withJars(String... flags) {
        List<String> args = new ArrayList<>(List.of(flags));
        args.add("--gateway-jar=gateway.jar");
        args.add("--harness-jar=harness.jar");
        return args;
    }

    @Test
    void defaultsAreThirtySecondsMeasuredAfterThreeMinutesOfWarmUpAndAThousandRequestsASecond() {
        AcceptSettings settings = AcceptSettings.parse(withJars());

        assertThat(settings.measured()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.warmUp()).isEqualTo(Duration.ofSeconds(180));
        assertThat(settings.threads()).isEqualTo(2);
        assertThat(settings.connections()).isEqualTo(64);
        assertThat(settings.rate()).isEqualTo(1000);
        assertThat(settings.fixedRate()).isTrue();
        assertThat(settings.heap()).isEqualTo("512m");
        assertThat(settings.gatewayJar()).isEqualTo(Path.of("gateway.jar"));
        assertThat(settings.harnessJar()).isEqualTo(Path.of("harness.jar"));
        assertThat(settings.resultsDirectory()).isEqualTo(Path.of("benchmarks/results"));
    }

    @Test
    void aShortRunWarmsUpNoLongerThanItMeasures() {
        AcceptSettings smoke = AcceptSettings.parse(withJars("--duration=5s"));

        assertThat(smoke.measured()).isEqualTo(Duration.ofSeconds(5));
        assertThat(smoke.warmUp()).isEqualTo(Duration.ofSeconds(5));
        assertThat(AcceptSettings.parse(withJars("--duration=5s", "--warm-up=0"))
                        .warmUp())
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void wrkSettingsAndTheRateAreTakenAsGiven() {
        AcceptSettings settings = AcceptSettings.parse(
                withJars("--threads=4", "--connections=200", "--rate=500", "--duration=1m", "--heap=1g"));

        assertThat(settings.threads()).isEqualTo(4);
        assertThat(settings.connections()).isEqualTo(200);
        assertThat(settings.rate()).isEqualTo(500);
        assertThat(settings.measured()).isEqualTo(Duration.ofMinutes(1));
        assertThat(settings.heap()).isEqualTo("1g");
        assertThat(AcceptSettings.parse(withJars("--rate=0")).fixedRate()).isFalse();
    }

    @Test
    void wrkRunsForWholeSecondsAndAtLeastOne() {
        AcceptSettings settings = AcceptSettings.parse(withJars());

        assertThat(settings.wrkSeconds(Duration.ofMillis(2600))).isEqualTo(3);
        assertThat(settings.wrkSeconds(Duration.ofMillis(200))).isEqualTo(1);
    }

    @Test
    void furtherGatewaySettingsAreCollectedByName() {
        AcceptSettings settings = AcceptSettings.parse(withJars(
                "--gateway-setting=spring.datasource.hikari.maximum-pool-size=40",
                "--gateway-setting=gateway.booking.publish-timeout=10s"));

        assertThat(settings.extraGatewaySettings())
                .containsEntry("spring.datasource.hikari.maximum-pool-size", "40")
                .containsEntry("gateway.booking.publish-timeout", "10s");
    }

    @Test
    void unknownFlagsAndWrongValuesAreRefusedWithTheFlagNamed() {
        assertThatThrownBy(() -> AcceptSettings.parse(withJars("--conections=10")))
                .hasMessageContaining("--conections");
        assertThatThrownBy(() -> AcceptSettings.parse(withJars("--threads=4", "--connections=2")))
                .hasMessageContaining("--connections");
        assertThatThrownBy(() -> AcceptSettings.parse(withJars("--rate=-1"))).hasMessageContaining("--rate");
        assertThatThrownBy(() -> AcceptSettings.parse(withJars("--duration=soon")))
                .hasMessageContaining("--duration");
        assertThatThrownBy(() -> AcceptSettings.parse(List.of("--harness-jar=h.jar")))
                .hasMessageContaining("--gateway-jar");
    }
}
