package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.booker.TopicWatcher.Seen;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffelsim.OrderFault;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Topics;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every row of the Duffel outcome table (duffel.md, "what a status means on order creation"): a
 * request goes in; the booking's final state, its stored travelers and segments, the Duffel orders
 * made for it, and the exact events on {@code booking.outcomes} and {@code booking.ops} come out.
 */
class DuffelOutcomeTableIT {

    private static final String CONFIRMED = "dev.flightpipeline.BookingConfirmed.v1";
    private static final String FAILED = "dev.flightpipeline.BookingFailed.v1";
    private static final String PENDING = "dev.flightpipeline.BookingPending.v1";

    private static final JsonMapper json = JsonMapper.shared();

    /**
     * One row of the table.
     *
     * @param answer what Duffel answers, as the test's display name
     * @param fault what the simulator is told to do with the next order creations, or null
     * @param faultCount how many creations in a row meet it
     * @param request the request to send for a fresh offer
     * @param status the booking's final state
     * @param reason the failure code (FAILED) or pending reason (UNKNOWN), or null
     * @param attempts order creations the booking made
     * @param duffelOrders orders that exist on Duffel for the booking afterwards, or null where Duffel
     *     decides later (202)
     * @param outcomes the {@code ce_type}s on booking.outcomes for the booking, in order
     * @param ops the kinds on booking.ops for the booking, in order
     */
    record Row(
            String answer,
            OrderFault fault,
            int faultCount,
            BiFunction<BookingRequests, Offer, BookingRequested> request,
            BookingStatus status,
            String reason,
            int attempts,
            Integer duffelOrders,
            List<String> outcomes,
            List<String> ops) {

        @Override
        public String toString() {
            return answer;
        }
    }

    static Stream<Row> table() {
        BiFunction<BookingRequests, Offer, BookingRequested> plain =
                (requests, offer) -> requests.requestFor(offer, "row");
        return Stream.of(
                new Row(
                        "201 created",
                        null,
                        0,
                        plain,
                        BookingStatus.CONFIRMED,
                        null,
                        1,
                        1,
                        List.of(CONFIRMED),
                        List.of()),
                new Row(
                        "202 accepted, then created",
                        OrderFault.ACCEPTED_THEN_CREATED,
                        1,
                        plain,
                        BookingStatus.UNKNOWN,
                        "duffel_accepted",
                        1,
                        null,
                        List.of(PENDING),
                        List.of("outcome_unknown")),
                new Row(
                        "202 accepted, then failed",
                        OrderFault.ACCEPTED_THEN_FAILED,
                        1,
                        plain,
                        BookingStatus.UNKNOWN,
                        "duffel_accepted",
                        1,
                        null,
                        List.of(PENDING),
                        List.of("outcome_unknown")),
                new Row(
                        "timeout after the order was made",
                        OrderFault.TIMEOUT_AFTER_CREATE,
                        1,
                        plain,
                        BookingStatus.UNKNOWN,
                        "duffel_no_answer",
                        1,
                        1,
                        List.of(PENDING),
                        List.of("outcome_unknown")),
                new Row(
                        "connection reset after the order was made",
                        OrderFault.RESET_AFTER_CREATE,
                        1,
                        plain,
                        BookingStatus.UNKNOWN,
                        "duffel_no_answer",
                        1,
                        1,
                        List.of(PENDING),
                        List.of("outcome_unknown")),
                new Row(
                        "500 after the order was made",
                        OrderFault.ERROR_AFTER_CREATE,
                        1,
                        plain,
                        BookingStatus.UNKNOWN,
                        "duffel_no_answer",
                        1,
                        1,
                        List.of(PENDING),
                        List.of("outcome_unknown")),
                new Row(
                        "502 airline error after the order was made",
                        OrderFault.AIRLINE_ERROR_AFTER_CREATE,
                        1,
                        plain,
                        BookingStatus.UNKNOWN,
                        "duffel_no_answer",
                        1,
                        1,
                        List.of(PENDING),
                        List.of("outcome_unknown")),
                new Row(
                        "422 offer already booked (taken between the read and the order)",
                        OrderFault.ALREADY_BOOKED,
                        1,
                        plain,
                        BookingStatus.FAILED,
                        "offer_already_booked",
                        1,
                        0,
                        List.of(FAILED),
                        List.of()),
                new Row(
                        "an offer booked elsewhere before it is read",
                        null,
                        0,
                        (requests, offer) -> {
                            requests.bookElsewhere(offer);
                            return requests.requestFor(offer, "row");
                        },
                        BookingStatus.FAILED,
                        "offer_expired",
                        0,
                        0,
                        List.of(FAILED),
                        List.of()),
                new Row(
                        "422 offer_no_longer_available",
                        OrderFault.OFFER_NO_LONGER_AVAILABLE,
                        1,
                        plain,
                        BookingStatus.FAILED,
                        "offer_expired",
                        1,
                        0,
                        List.of(FAILED),
                        List.of()),
                new Row(
                        "422 duplicate_booking",
                        OrderFault.DUPLICATE_BOOKING,
                        1,
                        plain,
                        BookingStatus.FAILED,
                        "duplicate_booking",
                        1,
                        0,
                        List.of(FAILED),
                        List.of()),
                new Row(
                        "422 validation error (a passenger the offer does not have)",
                        null,
                        0,
                        (requests, offer) -> requests.requestFor(
                                offer.id(), "pas_0000AgHnotInTheOffer", "row", "key-" + UUID.randomUUID(), null),
                        BookingStatus.FAILED,
                        "invalid_request",
                        1,
                        0,
                        List.of(FAILED),
                        List.of("duffel_error")),
                new Row(
                        "422 insufficient_balance",
                        OrderFault.INSUFFICIENT_BALANCE,
                        1,
                        plain,
                        BookingStatus.FAILED,
                        "insufficient_balance",
                        1,
                        0,
                        List.of(FAILED),
                        List.of("duffel_error")),
                new Row(
                        "502 order_not_created",
                        OrderFault.ORDER_NOT_CREATED,
                        1,
                        plain,
                        BookingStatus.FAILED,
                        "order_not_created",
                        1,
                        0,
                        List.of(FAILED),
                        List.of("duffel_error")),
                new Row(
                        "429, then 201",
                        OrderFault.RATE_LIMITED,
                        1,
                        plain,
                        BookingStatus.CONFIRMED,
                        null,
                        2,
                        1,
                        List.of(CONFIRMED),
                        List.of()),
                new Row(
                        "503, then 201",
                        OrderFault.SERVICE_UNAVAILABLE,
                        1,
                        plain,
                        BookingStatus.CONFIRMED,
                        null,
                        2,
                        1,
                        List.of(CONFIRMED),
                        List.of()),
                new Row(
                        "504, then 201",
                        OrderFault.GATEWAY_TIMEOUT,
                        1,
                        plain,
                        BookingStatus.CONFIRMED,
                        null,
                        2,
                        1,
                        List.of(CONFIRMED),
                        List.of()),
                new Row(
                        "503 on every attempt",
                        OrderFault.SERVICE_UNAVAILABLE,
                        BookerPipeline.MAX_ATTEMPTS,
                        plain,
                        BookingStatus.FAILED,
                        "duffel_unavailable",
                        BookerPipeline.MAX_ATTEMPTS,
                        0,
                        List.of(FAILED),
                        List.of("duffel_error")),
                new Row(
                        "404 on reading an offer that does not exist",
                        null,
                        0,
                        (requests, offer) -> requests.requestFor(
                                "off_0000AgHnoSuchOffer",
                                offer.passengers().getFirst().id(),
                                "row",
                                "key-" + UUID.randomUUID(),
                                null),
                        BookingStatus.FAILED,
                        "offer_expired",
                        0,
                        0,
                        List.of(FAILED),
                        List.of()),
                new Row(
                        "a price that changed since the search",
                        null,
                        0,
                        (requests, offer) -> requests.requestFor(
                                offer, "row", "key-" + UUID.randomUUID(), new Money("1.00", offer.totalCurrency())),
                        BookingStatus.FAILED,
                        "price_changed",
                        0,
                        0,
                        List.of(FAILED),
                        List.of()));
    }

    private final BookerPipeline pipeline = BookerPipeline.shared();
    private TopicWatcher topics;

    @BeforeEach
    void watch() {
        pipeline.simulator.updateConfig(SimulatorConfig.defaults());
        topics = new TopicWatcher(pipeline.kafka, List.of(Topics.BOOKING_OUTCOMES, Topics.BOOKING_OPS));
    }

    @AfterEach
    void stopWatching() {
        topics.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void everyDuffelAnswerEndsInOneStateWithItsEvents(Row row) {
        Offer offer = pipeline.requests.offer();
        BookingRequested request = row.request().apply(pipeline.requests, offer);
        if (row.fault() != null) {
            pipeline.simulator.forceNextOrderFaults(row.fault(), row.faultCount());
        }

        pipeline.requests.publish(request);

        Booking booking = pipeline.awaitFinal(request.bookingId(), row.status());
        pipeline.awaitAllPublished(topics);
        String bookingId = request.bookingId().toString();

        assertThat(booking.attempts()).as("attempts").isEqualTo(row.attempts());
        assertThat(booking.travelers()).singleElement().satisfies(traveler -> {
            assertThat(traveler.passengerId())
                    .isEqualTo(request.passengers().getFirst().id());
            assertThat(traveler.familyName()).isEqualTo("Stark");
            assertThat(traveler.bornOn())
                    .isEqualTo(request.passengers().getFirst().bornOn());
        });
        if (row.status() == BookingStatus.CONFIRMED) {
            assertConfirmedAsOrdered(booking, offer);
        } else {
            assertThat(booking.segments())
                    .as("segments are stored only with an order")
                    .isEmpty();
            assertThat(booking.duffelOrderId()).isNull();
        }
        if (row.status() == BookingStatus.FAILED) {
            assertThat(booking.failureCode()).isEqualTo(row.reason());
        }
        if (row.duffelOrders() != null) {
            assertThat(pipeline.simulator.stats().ordersFor(bookingId))
                    .as("Duffel orders for the booking")
                    .isEqualTo(row.duffelOrders());
        }

        List<Seen> outcomes = topics.on(Topics.BOOKING_OUTCOMES, bookingId);
        assertThat(outcomes).extracting(event -> event.header("ce_type")).containsExactlyElementsOf(row.outcomes());
        Seen last = outcomes.getLast();
        JsonNode event = json.readTree(last.value());
        assertThat(event.path("bookingId").asString()).isEqualTo(bookingId);
        assertThat(event.path("userId").asString()).isEqualTo("row");
        assertThat(outcomes)
                .allSatisfy(outcome ->
                        assertThat(UUID.fromString(outcome.header("ce_id"))).isNotNull());
        assertThat(last.value()).doesNotContain("Stark", "tony@example.com", "+442080160509");
        switch (row.status()) {
            case CONFIRMED -> {
                assertThat(event.path("duffelOrderId").asString()).isEqualTo(booking.duffelOrderId());
                assertThat(event.path("bookingReference").asString()).isEqualTo(booking.bookingReference());
                assertThat(event.path("late").asBoolean()).isFalse();
                assertThat(event.path("segments")).hasSize(booking.segments().size());
            }
            case FAILED, UNKNOWN -> assertThat(event.path("reason").asString()).isEqualTo(row.reason());
            default -> throw new AssertionError("not a final state: " + row.status());
        }
        if (row.reason() != null && row.reason().equals("price_changed")) {
            assertThat(event.path("currentTotal").path("amount").asString())
                    .isEqualTo(offer.totalAmount().toPlainString());
        }

        topics.assertEveryEventMatchesItsSchema();
        List<Seen> ops = topics.on(Topics.BOOKING_OPS, bookingId);
        assertThat(ops)
                .extracting(
                        opsEvent -> json.readTree(opsEvent.value()).path("kind").asString())
                .containsExactlyElementsOf(row.ops());
        assertThat(ops).allSatisfy(opsEvent -> assertThat(opsEvent.value()).doesNotContain("Stark", "Tony"));
        if (row.fault() == OrderFault.RATE_LIMITED) {
            assertThat(topics.on(Topics.BOOKING_OPS, "booker"))
                    .anySatisfy(opsEvent -> assertThat(opsEvent.value()).contains("\"kind\":\"rate_limited\""));
        }
    }

    private static void assertConfirmedAsOrdered(Booking booking, Offer offer) {
        assertThat(booking.duffelOrderId()).startsWith("ord_");
        assertThat(booking.bookingReference()).matches("[A-Z0-9]{6}");
        assertThat(booking.totalAmount()).isEqualByComparingTo(offer.totalAmount());
        assertThat(booking.late()).isFalse();
        List<String> flights = offer.slices().stream()
                .flatMap(slice -> slice.segments().stream())
                .map(segment -> segment.origin().iataCode() + "-"
                        + segment.destination().iataCode() + " "
                        + segment.marketingCarrier().iataCode() + segment.marketingCarrierFlightNumber())
                .toList();
        assertThat(booking.segments())
                .extracting(segment -> segment.origin() + "-" + segment.destination() + " " + segment.marketingCarrier()
                        + segment.flightNumber())
                .containsExactlyElementsOf(flights);
    }
}
