package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.gateway.auth.LocalTokenIssuer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A gateway whose Kafka broker cannot be reached: create-order answers 503 with Retry-After and
 * books nothing, and the same key is processed afresh once the pipeline is back.
 */
class KafkaUnavailableIT {

    private static final JsonMapper json = JsonMapper.shared();

    private static Pipeline pipeline;
    private static ConfigurableApplicationContext gateway;
    private static WebTestClient http;

    @BeforeAll
    static void startAGatewayWithoutABroker() throws IOException {
        pipeline = Pipeline.shared();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        gateway = GatewayApplication.application()
                .profiles("local")
                .run(
                        "--server.port=0",
                        "--spring.main.banner-mode=off",
                        "--spring.datasource.url=" + pipeline.database.jdbcUrl(),
                        "--spring.datasource.username=" + pipeline.database.username(),
                        "--spring.datasource.password=" + pipeline.database.password(),
                        "--spring.kafka.bootstrap-servers=127.0.0.1:" + closedPort,
                        "--duffel.base-url=" + pipeline.simulator.baseUrl(),
                        "--gateway.booking.publish-timeout=2s");
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + gateway.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void withoutKafkaTheGatewayIsAliveButNotReadyAndSaysKafkaIsWhatIsDown() {
        http.get()
                .uri("/actuator/health/liveness")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        http.get()
                .uri("/actuator/health/readiness")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("DOWN")
                .jsonPath("$.components.kafka.status")
                .isEqualTo("DOWN")
                .jsonPath("$.components.db.status")
                .isEqualTo("UP");
    }

    @Test
    void aRequestThatCannotBeHandedToKafkaIs503AndTheSameKeyIsProcessedWhenThePipelineIsBack() {
        Offer offer = pipeline.offer();
        String key = "key-" + UUID.randomUUID();

        EntityExchangeResult<byte[]> refused = http.post()
                .uri("/api/flights/create-order")
                .headers(headers -> {
                    headers.setBearerAuth(
                            gateway.getBean(LocalTokenIssuer.class).issue("olga"));
                    headers.set("Idempotency-Key", key);
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Pipeline.orderBody(offer))
                .exchange()
                .expectBody()
                .returnResult();

        JsonNode problem = CreateOrderIT.assertProblem(refused, 503, "temporarily_unavailable");
        assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("5");
        assertThat(problem.path("detail").asString()).contains("nothing was booked");
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isNull();

        EntityExchangeResult<byte[]> retried = pipeline.http
                .post()
                .uri("/api/flights/create-order")
                .headers(headers -> {
                    headers.setBearerAuth(pipeline.tokenFor("olga"));
                    headers.set("Idempotency-Key", key);
                })
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Pipeline.orderBody(offer))
                .exchange()
                .expectBody()
                .returnResult();

        assertThat(retried.getStatus().value()).isEqualTo(201);
        assertThat(retried.getResponseHeaders().getFirst("Idempotent-Replayed")).isNull();
        assertThat(json.readTree(retried.getResponseBody())
                        .path("booking")
                        .path("status")
                        .asString())
                .isEqualTo("confirmed");
        assertThat(pipeline.simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }
}
