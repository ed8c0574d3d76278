package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupSettingsTest {

    @Test
    void withNothingGivenItListensOnTheLocalStacksPortWithTheDefaults() {
        SimulatorConfig config = StartupSettings.read(new String[0], Map.of());

        assertThat(config.port()).isEqualTo(StartupSettings.DEFAULT_PORT);
        assertThat(config.withPort(0)).isEqualTo(SimulatorConfig.defaults());
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("settings.json");
        Files.writeString(file, "{\"offersPerSearch\": 7, \"seed\": 1, \"rateLimitPerSecond\": 9}");

        SimulatorConfig config = StartupSettings.read(
                new String[] {"--config=" + file, "--seed=3", "--create-order-latency=20s..30s"},
                Map.of("SIM_SEED", "2", "SIM_RATE_LIMIT", "5", "SIM_FAULTS", "timeout-after-create=0.05"));

        assertThat(config.offersPerSearch()).isEqualTo(7);
        assertThat(config.rateLimitPerSecond()).isEqualTo(5);
        assertThat(config.seed()).isEqualTo(3);
        assertThat(config.latency().createOrder())
                .isEqualTo(SimulatorConfig.Latency.between(Duration.ofSeconds(20), Duration.ofSeconds(30)));
        assertThat(config.orderFaults()).containsExactly(Map.entry(OrderFault.TIMEOUT_AFTER_CREATE, 0.05));
    }

    @Test
    void webhookSettingsComposeWithoutLosingEachOther() {
        SimulatorConfig config = StartupSettings.read(
                new String[] {"--webhook-url=http://localhost:5003/webhooks/duffel", "--webhook-delay=500ms"},
                Map.of("SIM_WEBHOOK_SECRET", "s3cret"));

        assertThat(config.webhooks().url()).isEqualTo("http://localhost:5003/webhooks/duffel");
        assertThat(config.webhooks().secret()).isEqualTo("s3cret");
        assertThat(config.webhooks().delay()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aWrongSettingIsNamedWithWhereItCameFrom() {
        assertThatThrownBy(() -> StartupSettings.read(new String[] {"--offers-per-search=0"}, Map.of()))
                .hasMessageStartingWith("--offers-per-search=0: ");
        assertThatThrownBy(() -> StartupSettings.read(new String[0], Map.of("SIM_PORT", "eighty")))
                .hasMessageStartingWith("SIM_PORT=eighty: ");
        assertThatThrownBy(() -> StartupSettings.read(new String[] {"--prot=4010"}, Map.of()))
                .hasMessage("unknown setting --prot");
        assertThatThrownBy(() -> StartupSettings.read(new String[] {"4010"}, Map.of()))
                .hasMessageContaining("--name=value");
        assertThatThrownBy(() -> StartupSettings.read(new String[] {"--faults=SLOW=0.5"}, Map.of()))
                .hasMessageContaining("unknown fault 'SLOW'");
        assertThatThrownBy(() -> StartupSettings.read(new String[] {"--config=/no/such/settings.json"}, Map.of()))
                .hasMessageStartingWith("settings file /no/such/settings.json: ");
    }

    @Test
    void theUsageListsEverySettingWithItsVariable() {
        String usage = StartupSettings.usage();

        for (StartupSettings.Setting setting : StartupSettings.SETTINGS) {
            assertThat(usage).contains("--" + setting.name() + "=", setting.environmentName());
        }
    }
}
