package dev.flightpipeline.gateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.gateway.auth.LocalTokenIssuer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** When Duffel stops answering at all, searches are a 503 that says when to try again. */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=gateway")
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("local")
class FlightSearchWhenDuffelIsDownIT {

    static final DuffelSimulator duffel = DuffelSimulator.start(SimulatorConfig.defaults());

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        SearchTestInfrastructure.register(registry);
        registry.add("duffel.base-url", duffel::baseUrl);
    }

    @AfterAll
    static void stopDuffel() {
        duffel.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    LocalTokenIssuer tokens;

    @Test
    void aSearchWhileDuffelIsStoppedIsUnavailableWithRetryAfter() {
        String query = "origin=LHR&destination=JFK&departure_date="
                + LocalDate.now(ZoneOffset.UTC).plusDays(10);
        search(query).expectStatus().isOk();

        duffel.close();

        EntityExchangeResult<String> result = search(query)
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.RETRY_AFTER, "5")
                .expectBody(String.class)
                .returnResult();
        Map<String, Object> problem = FlightSearchIT.read(result.getResponseBody());
        assertThat(problem)
                .containsEntry("success", false)
                .containsEntry("status", 503)
                .containsEntry("code", "temporarily_unavailable")
                .containsEntry("message", "Flight search is temporarily unavailable.")
                .containsEntry("retry_after_seconds", 5);
        assertThat(result.getResponseBody())
                .doesNotContain(duffel.baseUrl(), "127.0.0.1", "refused", "Connection", "Exception");
    }

    private WebTestClient.ResponseSpec search(String query) {
        return http.get()
                .uri("/api/flights/search?" + query)
                .headers(headers -> headers.setBearerAuth(tokens.issue("alice")))
                .exchange();
    }
}
