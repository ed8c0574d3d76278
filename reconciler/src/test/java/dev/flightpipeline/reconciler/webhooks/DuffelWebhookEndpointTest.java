package dev.flightpipeline.reconciler.webhooks;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunctions;

/** The answers given before a delivery reaches the database. */
class DuffelWebhookEndpointTest {

    static WebTestClient endpoint(String secret) {
        // No deliveries: none of these requests may get that far.
        DuffelWebhookEndpoint endpoint = new DuffelWebhookEndpoint(
                new WebhookProperties(secret, Duration.ofMinutes(5)), null, Clock.systemUTC());
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
    }
}
