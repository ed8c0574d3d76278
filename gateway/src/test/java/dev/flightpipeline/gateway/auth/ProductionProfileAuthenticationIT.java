package dev.flightpipeline.gateway.auth;

import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.testsupport.RealInfrastructureInitializer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Outside the local profile tokens come from the identity provider and the gateway hands out none. */
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=gateway",
            // Never fetched in these tests: no token reaches signature verification.
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/jwks"
        })
@AutoConfigureWebTestClient
class ProductionProfileAuthenticationIT {

    @Autowired
    WebTestClient http;

    @Test
    void theDevTokenEndpointDoesNotExist() {
        http.post()
                .uri("/api/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("user", "alice"))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void protectedEndpointsStillNeedAToken() {
        http.get().uri("/api/flights/my-orders").exchange().expectStatus().isUnauthorized();
    }
}
