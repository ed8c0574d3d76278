package dev.flightpipeline.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.testsupport.RealInfrastructureInitializer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.web.reactive.server.WebTestClient;

@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=gateway")
@AutoConfigureWebTestClient
@ActiveProfiles("local")
class LocalProfileAuthenticationIT {

    @Autowired
    WebTestClient http;

    @Autowired
    LocalTokenIssuer issuer;

    @Test
    void healthNeedsNoToken() {
        http.get().uri("/actuator/health").exchange().expectStatus().isOk();
    }

    @Test
    void aRequestWithoutTokenIsAnsweredWithAnUnauthorizedProblem() {
        http.get()
                .uri("/api/flights/my-orders")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.success")
                .isEqualTo(false)
                .jsonPath("$.code")
                .isEqualTo("unauthorized")
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.title")
                .isEqualTo("Unauthorized")
                .jsonPath("$.message")
                .isEqualTo("A bearer token is required: send 'Authorization: Bearer <token>'.");
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRejected() {
        String forged =
                new LocalTokenIssuer(new LocalAuthProperties(Duration.ofHours(1)), Clock.systemUTC()).issue("alice");

        http.get()
                .uri("/api/flights/my-orders")
                .headers(headers -> headers.setBearerAuth(forged))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized")
                .jsonPath("$.message")
                .isEqualTo("The bearer token is invalid or has expired.");
    }

    @Test
    void anExpiredTokenIsRejected() {
        String expired = issuer.issuedAt("alice", Instant.now().minus(Duration.ofDays(2)));

        http.get()
                .uri("/api/flights/my-orders")
                .headers(headers -> headers.setBearerAuth(expired))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized")
                .jsonPath("$.message")
                .isEqualTo("The bearer token is invalid or has expired.");
    }

    @Test
    void aMalformedTokenIsRejected() {
        http.get()
                .uri("/api/flights/my-orders")
                .header("Authorization", "Bearer not-a-jwt")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized");
    }

    @Test
    void aDevTokenIsAcceptedAsTheUsersIdentity() {
        String token = devToken("alice");

        // No route is there yet: getting past authentication to a 404 shows the token was accepted.
        http.get()
                .uri("/api/no-such-endpoint")
                .headers(headers -> headers.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aDevTokenNeedsAValidUserName() {
        http.post()
                .uri("/api/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("user", "no spaces allowed"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("validation_failed")
                .jsonPath("$.errors[0].field")
                .isEqualTo("user");
    }

    private String devToken(String user) {
        Map<?, ?> body = http.post()
                .uri("/api/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("user", user))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        assertThat(body.get("token")).isInstanceOf(String.class);
        return (String) body.get("token");
    }
}
