package dev.flightpipeline.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code ./scripts/run} starts: everything up, healthy, and answering with a local token. */
class LocalStackIT {

    @TempDir
    static Path dataDirectory;

    static LocalStack stack;
    static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startTheStack() {
        stack = LocalStack.start(new LocalStackSettings(dataDirectory, 0, 0, 0, 0, 0, 0, Optional.empty()));
    }

    @AfterAll
    static void stopTheStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void everyServiceReportsItselfHealthy() throws Exception {
        for (URI service : new URI[] {stack.gatewayUrl(), stack.bookerUrl(), stack.reconcilerUrl()}) {
            HttpResponse<String> health = get(service.resolve("/actuator/health"), null);
            assertThat(health.statusCode()).as("health of %s", service).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void theSimulatorStandsInForDuffel() throws Exception {
        assertThat(stack.usesSimulator()).isTrue();
        HttpResponse<String> stats = get(stack.duffelUrl().resolve("/_sim/stats"), null);
        assertThat(stats.statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenFromTheDevEndpointIsAcceptedByTheGateway() throws Exception {
        HttpResponse<String> tokenAnswer = http.send(
                HttpRequest.newBuilder(stack.gatewayUrl().resolve("/api/dev/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\": \"alice\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(tokenAnswer.statusCode()).isEqualTo(200);
        String token = tokenAnswer.body().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");

        assertThat(get(stack.gatewayUrl().resolve("/api/unknown"), null).statusCode())
                .isEqualTo(401);
        assertThat(get(stack.gatewayUrl().resolve("/api/unknown"), token).statusCode())
                .isEqualTo(404);
    }

    @Test
    void aSecondCopyOnTheSameDataIsRefusedWithoutTouchingTheFirst() throws Exception {
        assertThatThrownBy(() ->
                        LocalStack.start(new LocalStackSettings(dataDirectory, 0, 0, 0, 0, 0, 0, Optional.empty())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another copy of the local stack is using");

        assertThat(get(stack.gatewayUrl().resolve("/actuator/health"), null).statusCode())
                .isEqualTo(200);
        assertThat(get(stack.bookerUrl().resolve("/actuator/health"), null).body())
                .contains("\"status\":\"UP\"");
    }

    @Test
    void theDescriptionSaysWhereEverythingIs() {
        assertThat(stack.describe())
                .contains(stack.gatewayUrl().toString())
                .contains(stack.kafkaBootstrapServers())
                .contains(stack.jdbcUrl())
                .contains("/api/dev/token");
    }

    private static HttpResponse<String> get(URI uri, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
