package dev.flightpipeline.testsupport;

import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingOutcome.BookingPending;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.FlightSegment;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.events.Passenger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Events with the values the pipeline really publishes: one booking of a London–New York return. */
final class SampleEvents {

    static final UUID BOOKING_ID = UUID.fromString("3f2b8c1e-9d4a-4e7b-a6c5-1b2d3e4f5a60");
    static final UUID OTHER_BOOKING_ID = UUID.fromString("8a61d0f4-2c3b-4f5e-9d7a-0b1c2d3e4f50");
    static final String USER_ID = "alice";
    static final String IDEMPOTENCY_KEY = "c7a3e0b2-5f14-4d8a-9b6e-2e1f0a9d8c37";
    static final String OFFER_ID = "off_0000AgHnjOz4xLDnlqXyHY";
    static final String ORDER_ID = "ord_0000AgHo2ZbTRRvbRJw9sF";
    static final String DUFFEL_REQUEST_ID = "FvP3kV8bX9wAAAEB";
    static final Instant REQUESTED_AT = Instant.parse("2026-11-02T14:03:26.907415Z");
    static final Instant OCCURRED_AT = Instant.parse("2026-11-02T14:03:27.418256Z");

    static final Money GBP = new Money("824.10", "GBP");
    static final Money EUR = new Money("412.70", "EUR");
    static final Money JPY = new Money("52000", "JPY");
    static final Money KWD = new Money("123.456", "KWD");

    /** The reasons the booker gives today when Duffel's answer is unknown. */
    static final List<String> PENDING_REASONS = List.of("duffel_accepted", "duffel_no_answer", "booker_restarted");

    private SampleEvents() {}

    /** A passenger with every detail given. */
    static Passenger tony() {
        return new Passenger(
                "pas_0000AgHnjOzb0iAaMw5c8f",
                "mr",
                "Tony",
                "Stark",
                "m",
                LocalDate.of(1980, 7, 24),
                "tony@example.com",
                "+442080160509");
    }

    /** A passenger with only what is required: no title, gender, e-mail or phone. */
    static Passenger pepper() {
        return new Passenger(
                "pas_0000AgHnjOzb0iAaMw5c8g", null, "Pepper", "Potts", null, LocalDate.of(1984, 2, 29), null, null);
    }

    static BookingRequested requested(Money expectedTotal, Passenger... passengers) {
        return new BookingRequested(
                BOOKING_ID,
                USER_ID,
                IDEMPOTENCY_KEY,
                "8ffc09750de30690f90bf7b07941028fce175462987a998326d406d59ff5c7f3",
                OFFER_ID,
                List.of(passengers),
                expectedTotal,
                REQUESTED_AT);
    }

    static BookingConfirmed confirmed(Money total, boolean late) {
        return new BookingConfirmed(
                BOOKING_ID,
                USER_ID,
                IDEMPOTENCY_KEY,
                OFFER_ID,
                ORDER_ID,
                "RZPVUB",
                total,
                late,
                londonNewYorkReturn(),
                OCCURRED_AT);
    }

    /** Out non-stop; back through Dublin. Times are local to each airport. */
    static List<FlightSegment> londonNewYorkReturn() {
        return List.of(
                new FlightSegment(
                        0,
                        "LHR",
                        "JFK",
                        LocalDateTime.of(2026, 12, 24, 8, 30),
                        LocalDateTime.of(2026, 12, 24, 11, 25),
                        "BA",
                        "117"),
                new FlightSegment(
                        1,
                        "JFK",
                        "DUB",
                        LocalDateTime.of(2027, 1, 3, 18, 15),
                        LocalDateTime.of(2027, 1, 4, 5, 40),
                        "EI",
                        "104"),
                new FlightSegment(
                        1,
                        "DUB",
                        "LHR",
                        LocalDateTime.of(2027, 1, 4, 7, 5),
                        LocalDateTime.of(2027, 1, 4, 8, 25),
                        "EI",
                        "152"));
    }

    static BookingFailed failed(FailureReason reason, String message, Money currentTotal) {
        return new BookingFailed(
                BOOKING_ID, USER_ID, IDEMPOTENCY_KEY, OFFER_ID, reason.code(), message, currentTotal, OCCURRED_AT);
    }

    static BookingPending pending(String reason) {
        return new BookingPending(BOOKING_ID, USER_ID, IDEMPOTENCY_KEY, OFFER_ID, reason, OCCURRED_AT);
    }

    /** @param existingBookingId null for {@code offer_already_booked}, which does not name the other booking */
    static BookingRequestRejected rejected(String reason, UUID existingBookingId) {
        return new BookingRequestRejected(
                BOOKING_ID, USER_ID, IDEMPOTENCY_KEY, OFFER_ID, reason, existingBookingId, OCCURRED_AT);
    }

    static OpsEvent outcomeUnknown() {
        return new OpsEvent(
                "outcome_unknown",
                BOOKING_ID,
                "booker",
                "Duffel did not answer within 120 s; the order may exist",
                Map.of("reason", "duffel_no_answer", "duffel_request_id", DUFFEL_REQUEST_ID),
                OCCURRED_AT);
    }

    static OpsEvent rateLimited() {
        return new OpsEvent(
                "rate_limited",
                null,
                "booker",
                "Duffel's rate limit was reached; new calls wait until the reset time",
                Map.of("reset_at", "2026-11-02T14:04:00Z", "duffel_request_id", DUFFEL_REQUEST_ID),
                OCCURRED_AT);
    }

    static OpsEvent requestDeadLettered() {
        return new OpsEvent(
                "request_dead_lettered",
                null,
                "booker",
                "A booking request was sent to booking.requests.dlt: invalid",
                Map.of(
                        "reason",
                        "invalid",
                        "detail",
                        "offerId must be a Duffel offer id (off_...)",
                        "source",
                        "booking.requests-3@1042"),
                OCCURRED_AT);
    }

    /** The example of each event type that docs/events/README.md shows, by {@code ce_type}. */
    static Map<String, Object> readmeExamples() {
        return Stream.of(
                        requested(GBP, tony(), pepper()),
                        confirmed(GBP, false),
                        failed(
                                FailureReason.PRICE_CHANGED,
                                "The offer's price changed from 824.10 GBP to 861.35 GBP",
                                new Money("861.35", "GBP")),
                        pending("duffel_no_answer"),
                        rejected("offer_booked_by_you", OTHER_BOOKING_ID),
                        outcomeUnknown())
                .collect(Collectors.toMap(event -> CloudEvents.type(event.getClass()), Function.identity()));
    }
}
