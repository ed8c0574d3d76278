package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Duffel's official JavaScript client, unchanged, against the simulator: search, get offer, create
 * order, the already-booked refusal, list orders, get order. Needs Node.js and npm.
 */
class OfficialClientScenarioIT {

    static final Path SCENARIO_SOURCE = Path.of("src/test/js");
    static final Path SCENARIO = Path.of("target/official-client-scenario");

    @Test
    void theOfficialClientBooksAnOfferAndIsRefusedTheSecondTime() throws Exception {
        prepareScenario();
        try (DuffelSimulator simulator = DuffelSimulator.start(SimulatorConfig.defaults())) {
            ProcessBuilder node = new ProcessBuilder("node", "scenario.mjs")
                    .directory(SCENARIO.toFile())
                    .redirectErrorStream(true);
            node.environment().put("DUFFEL_SIM_URL", simulator.baseUrl());
            String output = run(node, 60);

            assertThat(output)
                    .contains("ok search: 5 offers")
                    .contains("ok get offer:")
                    .contains("ok create order:")
                    .contains(
                            "ok create second order refused: Field 'selected_offers' has offers that were already booked")
                    .contains("ok list orders: 1 found for passenger Stark")
                    .contains("ok get order:")
                    .doesNotContain("FAILED");
            assertThat(simulator.stats().ordersPerBookingId()).containsEntry("official-client-scenario", 1);
        }
    }

    /** A copy of the scenario under target/, with the client installed there once. */
    private static void prepareScenario() throws Exception {
        Files.createDirectories(SCENARIO);
        for (String file : List.of("package.json", ".npmrc", "scenario.mjs")) {
            Files.copy(SCENARIO_SOURCE.resolve(file), SCENARIO.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(SCENARIO.resolve("node_modules/@duffel/api"))) {
            run(
                    new ProcessBuilder("npm", "install", "--no-audit", "--no-fund")
                            .directory(SCENARIO.toFile())
                            .redirectErrorStream(true),
                    180);
        }
    }

    private static String run(ProcessBuilder command, int timeoutSeconds) throws Exception {
        Process process;
        try {
            process = command.start();
        } catch (IOException e) {
            throw new AssertionError(
                    "'" + command.command().getFirst()
                            + "' is needed to run Duffel's official client: install Node.js and npm",
                    e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(timeoutSeconds, TimeUnit.SECONDS))
                .as("%s finished within %d s", command.command(), timeoutSeconds)
                .isTrue();
        String text = new String(output, StandardCharsets.UTF_8);
        assertThat(process.exitValue())
                .as("%s exit code; output:%n%s", command.command(), text)
                .isZero();
        return text;
    }
}
