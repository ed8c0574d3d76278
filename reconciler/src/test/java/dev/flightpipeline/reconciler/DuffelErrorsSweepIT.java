package dev.flightpipeline.reconciler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.flightpipeline.reconciler.ReconcilerTestbed.WITHIN;
import static dev.flightpipeline.reconciler.ReconcilerTestbed.uniqueName;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.events.BookingRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A reconciler whose Duffel fails in other ways than a 429 (WireMock in front of the simulator):
 * the bookings it checks wait, none is closed, however long ago its offer expired; once Duffel
 * answers again they are closed as they should be.
 */
class DuffelErrorsSweepIT {

    static ReconcilerTestbed testbed;
    static WireMockServer duffel;

    @BeforeAll
    static void startAReconcilerBehindWireMock() {
        testbed = new ReconcilerTestbed();
        duffel = new WireMockServer(options().dynamicPort());
        duffel.start();
        testbed.startReconciler(Map.of(
                "duffel.base-url", duffel.baseUrl(),
                "reconciler.close-grace", "0s",
                "reconciler.duffel-error-pause", "1s"));
    }

    @AfterAll
    static void stopEverything() {
        if (duffel != null) {
            duffel.stop();
        }
        if (testbed != null) {
            testbed.close();
        }
    }

    static Stream<Arguments> duffelFailures() {
        String error = """
                {"errors": [{"type": "api_error", "code": "internal_server_error", "title": "Internal error",
                  "message": "Something went wrong"}], "meta": {"status": 500, "request_id": "req_wiremock"}}""";
        return Stream.of(
                Arguments.of(
                        "a 500",
                        aResponse()
                                .withStatus(500)
                                .withHeader("Content-Type", "application/json")
                                .withBody(error)),
                Arguments.of("a 503 without a body", aResponse().withStatus(503)),
                Arguments.of(
                        "a 502 that is not JSON", aResponse().withStatus(502).withBody("<html>Bad gateway</html>")),
                Arguments.of("a reset connection", aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("duffelFailures")
    void whileDuffelsOrderListFailsABookingPastItsCloseTimeStaysUnknownAndIsClosedOnceDuffelAnswers(
            String failure, ResponseDefinitionBuilder answer) {
        duffel.resetAll();
        duffel.stubFor(get(urlPathEqualTo("/air/orders")).willReturn(answer));
        BookingRequested request = testbed.request(testbed.offer(), uniqueName());
        testbed.submit(request, Instant.now().minus(Duration.ofMinutes(30)));
        double errorsBefore = testbed.counted("reconciler.checks", "result", "duffel_error");

        testbed.markUnknown(request.bookingId());
        await().atMost(WITHIN)
                .until(() -> testbed.counted("reconciler.checks", "result", "duffel_error") >= errorsBefore + 2);

        Booking waiting = testbed.bookings().find(request.bookingId()).orElseThrow();
        assertThat(waiting.status()).as("after %s", failure).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(waiting.nextCheckAt()).isNotNull();
        assertThat(testbed.outcomes(request.bookingId())).containsExactly("BookingPending");

        duffel.resetAll();
        duffel.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(testbed.simulator.baseUrl())));
        Booking closed = testbed.awaitStatus(request.bookingId(), BookingStatus.FAILED);

        assertThat(closed.failureCode()).isEqualTo("no_order_created");
        assertThat(testbed.outcomes(request.bookingId())).containsExactly("BookingPending", "BookingFailed");
    }
}
