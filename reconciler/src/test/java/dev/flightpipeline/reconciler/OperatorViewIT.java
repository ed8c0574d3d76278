package dev.flightpipeline.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.events.BookingRequested;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator's view: the open bookings with their age, attempts and Duffel request id; reconcile one now. */
class OperatorViewIT {

    private static final String OPERATOR_TOKEN = "operator-token-for-tests";
    private static final JsonMapper json = JsonMapper.shared();

    static ReconcilerTestbed testbed;
    static WebTestClient http;

    @BeforeAll
    static void startAReconcilerThatSweepsOnlyWhenAsked() {
        testbed = new ReconcilerTestbed();
        ConfigurableApplicationContext reconciler = testbed.startReconciler(
                Map.of("reconciler.sweep-interval", "1h", "reconciler.operator.token", OPERATOR_TOKEN));
        http = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + reconciler.getEnvironment().getProperty("local.server.port"))
                .responseTimeout(Duration.ofSeconds(60))
                .build();
    }

    @AfterAll
    static void stop() {
        testbed.close();
    }

    @Test
    void anOperatorSeesAStuckBookingAndReconcilesItNow() {
        Offer offer = testbed.offer();
        String name = ReconcilerTestbed.uniqueName();
        BookingRequested request = testbed.request(offer, name);
        testbed.submit(request, offer.expiresAt());
        testbed.markUnknown(request.bookingId());
        testbed.createOrder(offer, name, request.bookingId().toString());
        String bookingId = request.bookingId().toString();

        JsonNode open = get("/operator/bookings?limit=500", 200);
        JsonNode listed = null;
        for (JsonNode booking : open.path("bookings")) {
            if (booking.path("booking_id").asString().equals(bookingId)) {
                listed = booking;
            }
        }
        assertThat(listed).as("the stuck booking is listed").isNotNull();
        assertThat(listed.path("status").asString()).isEqualTo("UNKNOWN");
        assertThat(listed.path("attempts").asInt()).isEqualTo(1);
        assertThat(listed.path("age_seconds").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(listed.path("claimed_until").isNull())
                .as("no reconciler is checking it: this one sweeps only when asked")
                .isTrue();
        assertThat(open.toString()).doesNotContain(name);

        JsonNode reconciled = json.readTree(http.post()
                .uri("/operator/bookings/" + bookingId + "/reconcile")
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .returnResult()
                .getResponseBody());

        assertThat(reconciled.path("booking").path("status").asString()).isEqualTo("CONFIRMED");
        http.post()
                .uri("/operator/bookings/" + bookingId + "/reconcile")
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .exchange()
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void withoutTheOperatorsTokenNothingIsShownOrDone() {
        http.get().uri("/operator/bookings").exchange().expectStatus().isUnauthorized();
        http.get()
                .uri("/operator/bookings")
                .header("Authorization", "Bearer not-the-operator-token")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.post()
                .uri("/operator/bookings/00000000-0000-0000-0000-000000000000/reconcile")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aLimitOutOfRangeIsRefused() {
        get("/operator/bookings?limit=0", 400);
        get("/operator/bookings?limit=abc", 400);
    }

    private static JsonNode get(String path, int status) {
        return json.readTree(http.get()
                .uri(path)
                .header("Authorization", "Bearer " + OPERATOR_TOKEN)
                .exchange()
                .expectStatus()
                .isEqualTo(status)
                .expectBody()
                .returnResult()
                .getResponseBody());
    }
}
