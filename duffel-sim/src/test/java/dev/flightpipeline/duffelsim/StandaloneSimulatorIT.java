package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The simulator as {@code java -jar} runs it: the packaged jar in a JVM of its own. */
class StandaloneSimulatorIT {

    @Test
    void logsAtInfoWhenRunOnItsOwn() throws Exception {
        Process simulator = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        executableJar().toString(),
                        "--port=0")
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofPlatform()
                .start(() -> new BufferedReader(
                                new InputStreamReader(simulator.getInputStream(), StandardCharsets.UTF_8))
                        .lines()
                        .forEach(output::add));
        try {
            String announcement = await().atMost(Duration.ofMinutes(1))
                    .until(
                            () -> output.stream()
                                    .filter(line -> line.startsWith("Duffel simulator at "))
                                    .findFirst(),
                            Optional::isPresent)
                    .orElseThrow();
            String baseUrl =
                    announcement.substring("Duffel simulator at ".length()).split(" ")[0];
            HttpResponse<String> stats = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/_sim/stats"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(stats.statusCode()).isEqualTo(200);
            simulator.destroy();
            assertThat(simulator.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(Duration.ofSeconds(10));
        } finally {
            simulator.destroyForcibly();
        }

        assertThat(output).anyMatch(line -> line.contains("INFO") && line.contains("Duffel simulator listening on"));
        assertThat(output).noneMatch(line -> line.contains("DEBUG"));
    }

    /** Built by the package phase, before the integration tests. */
    private static Path executableJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-exec.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/duffel-sim-*-exec.jar: run the integration tests through Maven (mvn verify)"));
        }
    }
}
