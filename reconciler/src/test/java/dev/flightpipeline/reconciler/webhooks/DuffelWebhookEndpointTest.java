package dev.flightpipeline.reconciler.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;

/** The answers given before a delivery reaches the database. */
class DuffelWebhookEndpointTest {

    final MeterRegistry meters = new SimpleMeterRegistry();

    WebTestClient endpoint(String secret) {
        // No deliveries: none of these requests may get that far.
        DuffelWebhookEndpoint endpoint = new DuffelWebhookEndpoint(
                new WebhookProperties(secret, Duration.ofMinutes(5)), null, meters, Clock.systemUTC());
        return WebTestClient.bindToRouterFunction(
                        RouterFunctions.route(RequestPredicates.POST(DuffelWebhookEndpoint.PATH), endpoint::receive))
                .build();
    }

    @Test
    void withoutASecretEveryDeliveryIsRefusedWith503SoDuffelRetriesOnceOneIsSet() {
        endpoint(null)
                .post()
                .uri(DuffelWebhookEndpoint.PATH)
                .header(DuffelWebhookEndpoint.SIGNATURE_HEADER, "t=1,v1=00")
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(503);
        assertThat(delivered("unknown", "not_configured")).isEqualTo(1);
    }

    @Test
    void anUnsignedDeliveryIsRefusedWith401AndAProblemBody() {
        endpoint("whsec_test")
                .post()
                .uri(DuffelWebhookEndpoint.PATH)
                .bodyValue("{\"id\":\"wev_1\",\"type\":\"order.created\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.detail")
                .isEqualTo("the X-Duffel-Signature header is missing");
        assertThat(delivered("unknown", "refused")).isEqualTo(1);
    }

    private double delivered(String type, String result) {
        return meters.get("reconciler.webhook.deliveries")
                .tag("type", type)
                .tag("result", result)
                .counter()
                .count();
    }
}
