package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The metrics an operator watches exist, and move when a booking goes through the pipeline. */
class PipelineMetricsIT {

    private final Pipeline pipeline = Pipeline.shared();

    @Test
    void aBookingMovesTheGatewaysAndTheBookersMetrics() {
        String bookerBefore = scrape(pipeline.booker);
        double confirmedBefore =
                value(bookerBefore, "booker_bookings_decided_total\\{outcome=\"confirmed\",reason=\"created\"[^}]*\\}");
        double ordersBefore =
                value(bookerBefore, "duffel_calls_seconds_count\\{[^}]*result=\"201\",route=\"/air/orders\"[^}]*\\}");

        pipeline.http
                .post()
                .uri("/api/flights/create-order")
                .headers(headers -> headers.setBearerAuth(pipeline.tokenFor("metrics")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Pipeline.orderBody(pipeline.offer()))
                .exchange()
                .expectStatus()
                .isCreated();

        String booker = scrape(pipeline.booker);
        assertThat(value(booker, "booker_bookings_decided_total\\{outcome=\"confirmed\",reason=\"created\"[^}]*\\}"))
                .isEqualTo(confirmedBefore + 1);
        assertThat(value(booker, "duffel_calls_seconds_count\\{[^}]*result=\"201\",route=\"/air/orders\"[^}]*\\}"))
                .isEqualTo(ordersBefore + 1);
        assertThat(booker)
                .contains(
                        "booker_duffel_calls_in_flight",
                        "booker_bookings_under_way",
                        "booker_outbox_backlog",
                        "booker_bookings_open{status=\"received\"",
                        "booker_bookings_open{status=\"unknown\"",
                        "kafka_consumer_fetch_manager_records_lag_max");
        String gateway = scrape(pipeline.gateway);
        assertThat(gateway)
                .contains("gateway_bookings_waiting")
                .containsPattern(
                        "http_server_requests_seconds_count\\{[^}]*status=\"201\",uri=\"/api/flights/create-order\"");
        assertThat(gateway + booker).doesNotContain("Stark", "tony@example.com");
    }

    private static String scrape(ConfigurableApplicationContext service) {
        return new String(WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + service.getEnvironment().getProperty("local.server.port"))
                .build()
                .get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());
    }

    /** The value of the one series the pattern matches, 0 when there is none yet. */
    private static double value(String scrape, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " (\\S+)$").matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
    }
}
