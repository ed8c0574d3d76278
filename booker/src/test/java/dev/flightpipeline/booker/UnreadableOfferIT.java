package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.events.BookingRequested;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Duffel answers the offer read with 200 and an offer that cannot be read (a member of the wrong
 * type): that is Duffel failing, not the request, so the booker reads again as after a 5xx, and
 * once its attempts are spent fails the booking as {@code duffel_unavailable}. Nothing is booked.
 * Duffel here is a stub on the JDK's HTTP server that answers every offer read so.
 */
class UnreadableOfferIT {

    private final BookerPipeline pipeline = BookerPipeline.shared();
    private final AtomicInteger offerReads = new AtomicInteger();
    private HttpServer duffel;

    @BeforeEach
    void aBookerWhoseDuffelAnswersOfferReadsWithAnUnreadableOffer() throws IOException {
        duffel = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        duffel.createContext("/air/offers/", exchange -> {
            offerReads.incrementAndGet();
            byte[] body = """
                    {"data": {"id": "off_unreadable", "total_amount": {}, "total_currency": "GBP"}}""".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("x-request-id", "req_unreadable_" + offerReads.get());
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        duffel.start();
        pipeline.restartBookerWith(Map.of(
                "duffel.base-url", "http://127.0.0.1:" + duffel.getAddress().getPort()));
    }

    @AfterEach
    void theUsualBooker() {
        pipeline.restartBooker(() -> {});
        duffel.stop(0);
    }

    @Test
    void theOfferIsReadAgainAsAfterA5xxAndTheBookingFailsAsDuffelUnavailable() {
        Offer offer = pipeline.requests.offer();
        BookingRequested request = pipeline.requests.requestFor(offer, "unreadable");

        pipeline.requests.publish(request);

        Booking booking = pipeline.awaitFinal(request.bookingId(), BookingStatus.FAILED);
        assertThat(booking.failureCode()).isEqualTo("duffel_unavailable");
        assertThat(booking.attempts()).as("order creations").isZero();
        assertThat(booking.lastDuffelRequestId()).isEqualTo("req_unreadable_" + BookerPipeline.MAX_ATTEMPTS);
        assertThat(offerReads).hasValue(BookerPipeline.MAX_ATTEMPTS);
        assertThat(pipeline.simulator.stats().ordersFor(request.bookingId().toString()))
                .isZero();
    }
}
