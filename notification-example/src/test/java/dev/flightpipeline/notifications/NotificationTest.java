package dev.flightpipeline.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingOutcome.BookingPending;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.Money;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class NotificationTest {

    private static final UUID BOOKING = UUID.fromString("6bed352d-6fe0-46cc-a0fa-3de8d6cbaab1");

    @Test
    void aConfirmedBookingIsAnnouncedWithItsPnrAndWhetherItWasLate() {
        BookingConfirmed confirmed = new BookingConfirmed(
                BOOKING,
                "alice",
                "trip-42",
                "off_1",
                "ord_1",
                "Y3K6EG",
                new Money("305.27", "USD"),
                true,
                List.of(),
                Instant.parse("2026-12-01T15:58:25Z"));

        assertThat(Notification.of(CloudEvents.type(BookingConfirmed.class), json(confirmed)))
                .contains("booking confirmed for alice: PNR Y3K6EG (booking " + BOOKING + ", confirmed late)");
    }

    @Test
    void aFailedBookingIsAnnouncedWithItsReason() {
        BookingFailed failed = new BookingFailed(
                BOOKING, "bob", "k", "off_1", "offer_expired", "The offer has expired", null, Instant.now());

        assertThat(Notification.of(CloudEvents.type(BookingFailed.class), json(failed)))
                .contains("booking failed for bob: offer_expired (booking " + BOOKING + ")");
    }

    @Test
    void aPendingBookingAndAnUnknownEventTypeAreNotAnnounced() {
        BookingPending pending = new BookingPending(BOOKING, "carol", "k", "off_1", "duffel_no_answer", Instant.now());

        assertThat(Notification.of(CloudEvents.type(BookingPending.class), json(pending)))
                .isEmpty();
        assertThat(Notification.of("dev.flightpipeline.SomethingNew.v1", "{}".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(Notification.of(null, json(pending))).isEmpty();
    }

    private static byte[] json(Object event) {
        return EventJson.write(event).getBytes(StandardCharsets.UTF_8);
    }
}
