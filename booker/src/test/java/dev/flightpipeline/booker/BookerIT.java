package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booker.TopicWatcher.Seen;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.OrderFault;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.testsupport.KafkaEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The booker on the real broker, a real database and the simulator: a request goes in on {@code
 * booking.requests}; the booking's final state, its travelers and segments, and the events on
 * {@code booking.outcomes} and {@code booking.ops} come out.
 */
class BookerIT {

    static final Duration WITHIN = Duration.ofSeconds(30);

    static KafkaEndpoint kafka;
    static DuffelSimulator simulator;
    static RunningBooker booker;
    static BookingRequests requests;

    TopicWatcher topics;

    @BeforeAll
    static void start() {
        kafka = TestInfrastructure.kafka();
        kafka.createTopics(Topics.ALL.stream().collect(Collectors.toMap(topic -> topic, topic -> 3)));
        simulator = DuffelSimulator.start(SimulatorConfig.defaults());
        booker = RunningBooker.start(
                kafka,
                TestInfrastructure.postgres().newDatabase("booker"),
                simulator,
                Map.of("duffel.order-creation-timeout", "2s", "booker.instance-id", "booker-it"));
        requests = new BookingRequests(kafka, simulator);
    }

    @AfterAll
    static void stop() {
        requests.close();
        booker.close();
        simulator.close();
    }

    @BeforeEach
    void watch() {
        simulator.updateConfig(SimulatorConfig.defaults());
        topics = new TopicWatcher(
                kafka, List.of(Topics.BOOKING_OUTCOMES, Topics.BOOKING_OPS, Topics.BOOKING_REQUESTS_DLT));
    }

    @AfterEach
    void stopWatching() throws InterruptedException {
        topics.close();
    }

    @Test
    void aCreatedOrderConfirmsTheBookingWithItsTravelersAndSegments() {
        Offer offer = requests.offer();
        BookingRequested request = requests.requestFor(offer, "alice");

        requests.publish(request);

        Booking booking = awaitFinal(request.bookingId(), BookingStatus.CONFIRMED);
        assertThat(booking.duffelOrderId()).startsWith("ord_");
        assertThat(booking.bookingReference()).matches("[A-Z0-9]{6}");
        assertThat(booking.totalAmount()).isEqualByComparingTo(offer.totalAmount());
        assertThat(booking.attempts()).isEqualTo(1);
        assertThat(booking.late()).isFalse();
        assertThat(booking.travelers()).singleElement().satisfies(traveler -> {
            assertThat(traveler.passengerId())
                    .isEqualTo(offer.passengers().getFirst().id());
            assertThat(traveler.familyName()).isEqualTo("Stark");
        });
        int flights = offer.slices().stream()
                .mapToInt(slice -> slice.segments().size())
                .sum();
        assertThat(booking.segments()).hasSize(flights);
        assertThat(booking.segments().getFirst().origin()).isEqualTo("LHR");
        assertThat(simulator.stats().ordersFor(request.bookingId().toString())).isEqualTo(1);
        assertThat(awaitOutcomes(request.bookingId(), 1)).singleElement().satisfies(event -> {
            assertThat(event.header("ce_type")).isEqualTo("dev.flightpipeline.BookingConfirmed.v1");
            assertThat(event.value()).contains(booking.duffelOrderId(), booking.bookingReference());
            assertThat(event.value()).doesNotContain("Stark", "tony@example.com");
        });
        assertThat(topics.on(Topics.BOOKING_OPS, request.bookingId().toString()))
                .isEmpty();
    }

    @Test
    void answersWithoutAClearOutcomeLeaveTheBookingUnknownForTheReconcilerAndAreNeverRetried() {
        Map<OrderFault, String> faults = Map.of(
                OrderFault.ACCEPTED_THEN_CREATED, "duffel_accepted",
                OrderFault.TIMEOUT_AFTER_CREATE, "duffel_no_answer",
                OrderFault.RESET_AFTER_CREATE, "duffel_no_answer",
                OrderFault.ERROR_AFTER_CREATE, "duffel_no_answer");
        faults.forEach((fault, reason) -> {
            BookingRequested request = requests.requestFor(requests.offer(), "bob");
            simulator.forceNextOrderFaults(fault, 1);

            requests.publish(request);

            Booking booking = awaitFinal(request.bookingId(), BookingStatus.UNKNOWN);
            assertThat(booking.attempts()).as(fault.name()).isEqualTo(1);
            assertThat(awaitOutcomes(request.bookingId(), 1))
                    .as(fault.name())
                    .singleElement()
                    .satisfies(event -> {
                        assertThat(event.header("ce_type")).isEqualTo("dev.flightpipeline.BookingPending.v1");
                        assertThat(event.value()).contains(reason);
                    });
            await().atMost(WITHIN)
                    .until(() ->
                            topics.on(Topics.BOOKING_OPS, request.bookingId().toString())
                                            .size()
                                    == 1);
            assertThat(topics.on(Topics.BOOKING_OPS, request.bookingId().toString())
                            .getFirst()
                            .value())
                    .contains("outcome_unknown");
        });
        assertThat(simulator.stats().createOrderCalls()).isGreaterThanOrEqualTo(faults.size());
    }

    @Test
    void refusalsFailTheBookingWithASpecificReason() {
        Map<OrderFault, String> faults = Map.of(
                OrderFault.ORDER_NOT_CREATED, "order_not_created",
                OrderFault.OFFER_NO_LONGER_AVAILABLE, "offer_expired",
                OrderFault.DUPLICATE_BOOKING, "duplicate_booking");
        faults.forEach((fault, reason) -> {
            BookingRequested request = requests.requestFor(requests.offer(), "carol");
            simulator.forceNextOrderFaults(fault, 1);

            requests.publish(request);

            Booking booking = awaitFinal(request.bookingId(), BookingStatus.FAILED);
            assertThat(booking.failureCode()).as(fault.name()).isEqualTo(reason);
            assertThat(simulator.stats().ordersFor(request.bookingId().toString()))
                    .isZero();
            assertThat(awaitOutcomes(request.bookingId(), 1)).singleElement().satisfies(event -> {
                assertThat(event.header("ce_type")).isEqualTo("dev.flightpipeline.BookingFailed.v1");
                assertThat(event.value()).contains("\"reason\":\"" + reason + "\"");
            });
        });
    }

    @Test
    void aRateLimitedOrderWaitsForTheResetAndIsSentAgain() {
        BookingRequested request = requests.requestFor(requests.offer(), "dave");
        simulator.forceNextOrderFaults(OrderFault.RATE_LIMITED, 1);

        requests.publish(request);

        Booking booking = awaitFinal(request.bookingId(), BookingStatus.CONFIRMED);
        assertThat(booking.attempts()).isEqualTo(2);
        assertThat(simulator.stats().ordersFor(request.bookingId().toString())).isEqualTo(1);
        await().atMost(WITHIN)
                .until(() -> topics.on(Topics.BOOKING_OPS).stream()
                        .anyMatch(event -> event.value().contains("rate_limited")));
    }

    @Test
    void aPriceThatChangedSinceTheSearchFailsTheBookingWithoutAnOrder() {
        Offer offer = requests.offer();
        BookingRequested request = requests.requestFor(
                offer, "erin", "key-" + UUID.randomUUID(), new Money("1.00", offer.totalCurrency()));

        requests.publish(request);

        Booking booking = awaitFinal(request.bookingId(), BookingStatus.FAILED);
        assertThat(booking.failureCode()).isEqualTo("price_changed");
        assertThat(simulator.stats().ordersFor(request.bookingId().toString())).isZero();
        assertThat(awaitOutcomes(request.bookingId(), 1).getFirst().value())
                .contains(
                        "\"currentTotal\":{\"amount\":\"" + offer.totalAmount().toPlainString());
    }

    @Test
    void anOfferBookedElsewhereFailsAsAlreadyBooked() {
        Offer offer = requests.offer();
        BookingRequested first = requests.requestFor(offer, "frank");
        requests.publish(first);
        awaitFinal(first.bookingId(), BookingStatus.CONFIRMED);
        // The same offer under a booking the database does not know: Duffel itself refuses it.
        booker.jdbc()
                .sql("update booking set status = 'FAILED', failure_code = 'test' where id = ?")
                .param(first.bookingId())
                .update();
        BookingRequested second = requests.requestFor(offer, "grace");

        requests.publish(second);

        Booking booking = awaitFinal(second.bookingId(), BookingStatus.FAILED);
        assertThat(booking.failureCode()).isIn("offer_already_booked", "offer_expired");
        assertThat(simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }

    @Test
    void theSameRequestThreeTimesAndFiftyRequestsWithOneKeyMakeOneBookingAndOneOrder() {
        BookingRequested request = requests.requestFor(requests.offer(), "heidi");
        for (int i = 0; i < 3; i++) {
            requests.publish(request);
        }
        BookingRequested stormed = requests.requestFor(requests.offer(), "ivan");
        List<BookingRequested> storm = IntStream.range(0, 50)
                .mapToObj(i -> new BookingRequested(
                        UUID.randomUUID(),
                        stormed.userId(),
                        stormed.idempotencyKey(),
                        stormed.requestFingerprint(),
                        stormed.offerId(),
                        stormed.passengers(),
                        null,
                        stormed.requestedAt()))
                .toList();
        storm.parallelStream().forEach(requests::publish);

        awaitFinal(request.bookingId(), BookingStatus.CONFIRMED);
        await().atMost(WITHIN).until(() -> confirmedBookingsOf("ivan") == 1);
        assertThat(simulator.stats().ordersFor(request.bookingId().toString())).isEqualTo(1);
        assertThat(booker.jdbc()
                        .sql("select count(*) from booking where user_id = 'ivan'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        UUID stormBooking = booker.jdbc()
                .sql("select id from booking where user_id = 'ivan'")
                .query(UUID.class)
                .single();
        assertThat(simulator.stats().ordersFor(stormBooking.toString())).isEqualTo(1);
        assertThat(awaitOutcomes(request.bookingId(), 1)).hasSize(1);
        assertThat(awaitOutcomes(stormBooking, 1)).hasSize(1);
    }

    @Test
    void aSecondKeyForAnOfferWithALiveBookingIsAnsweredWithThatBooking() {
        Offer offer = requests.offer();
        BookingRequested first = requests.requestFor(offer, "judy");
        requests.publish(first);
        awaitFinal(first.bookingId(), BookingStatus.CONFIRMED);
        BookingRequested sameUser = requests.requestFor(offer, "judy");
        BookingRequested otherUser = requests.requestFor(offer, "mallory");

        requests.publish(sameUser);
        requests.publish(otherUser);

        assertThat(awaitOutcomes(sameUser.bookingId(), 1).getFirst().value())
                .contains("offer_booked_by_you", first.bookingId().toString());
        assertThat(awaitOutcomes(otherUser.bookingId(), 1).getFirst().value())
                .contains("offer_already_booked")
                .doesNotContain(first.bookingId().toString());
        assertThat(simulator.stats().ordersPerOffer().get(offer.id())).isEqualTo(1);
    }

    @Test
    void aRecordThatIsNotAValidRequestIsDeadLetteredWithTheReasonAndTheConsumerGoesOn() {
        requests.publishRaw("x:y", "{not json".getBytes(StandardCharsets.UTF_8));
        BookingRequested noPassengers = requests.requestFor(requests.offer(), "niaj");
        BookingRequested invalid = new BookingRequested(
                noPassengers.bookingId(),
                noPassengers.userId(),
                noPassengers.idempotencyKey(),
                noPassengers.requestFingerprint(),
                noPassengers.offerId(),
                List.of(),
                null,
                noPassengers.requestedAt());
        requests.publish(invalid);
        BookingRequested valid = requests.requestFor(requests.offer(), "olivia");
        requests.publish(valid);

        awaitFinal(valid.bookingId(), BookingStatus.CONFIRMED);
        await().atMost(WITHIN)
                .until(() -> topics.on(Topics.BOOKING_REQUESTS_DLT).size() == 2);
        List<Seen> dead = new ArrayList<>(topics.on(Topics.BOOKING_REQUESTS_DLT));
        assertThat(dead)
                .extracting(record -> record.header("dlt_reason"))
                .containsExactlyInAnyOrder("unparseable", "invalid");
        assertThat(dead).extracting(Seen::key).containsExactlyInAnyOrder("x:y", invalid.key());
        assertThat(dead)
                .allSatisfy(record ->
                        assertThat(record.header("dlt_original_offset")).isNotBlank());
        assertThat(booker.bookings().findById(invalid.bookingId())).isEmpty();
        await().atMost(WITHIN)
                .until(() -> topics.on(Topics.BOOKING_OPS).stream()
                                .filter(event -> event.value().contains("request_dead_lettered"))
                                .count()
                        == 2);
    }

    private static int confirmedBookingsOf(String user) {
        return booker.jdbc()
                .sql("select count(*) from booking where user_id = ? and status = 'CONFIRMED'")
                .param(user)
                .query(Integer.class)
                .single();
    }

    private static Booking awaitFinal(UUID bookingId, BookingStatus expected) {
        await().atMost(WITHIN)
                .until(() -> booker.bookings()
                        .findById(bookingId)
                        .map(booking -> booking.status() == expected)
                        .orElse(false));
        return booker.bookings().findById(bookingId).orElseThrow();
    }

    private List<Seen> awaitOutcomes(UUID bookingId, int count) {
        await().atMost(WITHIN)
                .until(() ->
                        topics.on(Topics.BOOKING_OUTCOMES, bookingId.toString()).size() >= count);
        return topics.on(Topics.BOOKING_OUTCOMES, bookingId.toString());
    }
}
