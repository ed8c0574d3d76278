package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booker.TopicWatcher.Seen;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The booker's intake on the real broker, a real database and the simulator: each request becomes
 * one booking however often it arrives; a second key for a booked offer is answered with the
 * booking that holds it; what is not a valid request goes to the dead-letter topic.
 */
class RequestIntakeIT {

    static final Duration WITHIN = BookerPipeline.WITHIN;

    final BookerPipeline pipeline = BookerPipeline.shared();
    final BookingRequests requests = pipeline.requests;
    final DuffelSimulator simulator = pipeline.simulator;

    TopicWatcher topics;

    @BeforeEach
    void watch() {
        simulator.updateConfig(SimulatorConfig.defaults());
        topics = new TopicWatcher(
                pipeline.kafka, List.of(Topics.BOOKING_OUTCOMES, Topics.BOOKING_OPS, Topics.BOOKING_REQUESTS_DLT));
    }

    @AfterEach
    void stopWatching() {
        topics.assertEveryEventMatchesItsSchema();
        topics.close();
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

        pipeline.awaitFinal(request.bookingId(), BookingStatus.CONFIRMED);
        await().atMost(WITHIN).until(() -> confirmedBookingsOf("ivan") == 1);
        assertThat(simulator.stats().ordersFor(request.bookingId().toString())).isEqualTo(1);
        assertThat(pipeline.booker()
                        .jdbc()
                        .sql("select count(*) from booking where user_id = 'ivan'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        UUID stormBooking = pipeline.booker()
                .jdbc()
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
        pipeline.awaitFinal(first.bookingId(), BookingStatus.CONFIRMED);
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

        pipeline.awaitFinal(valid.bookingId(), BookingStatus.CONFIRMED);
        // Another user's request under the booking id of the one just booked.
        BookingRequested other = requests.requestFor(requests.offer(), "mallory");
        BookingRequested impostor = new BookingRequested(
                valid.bookingId(),
                other.userId(),
                other.idempotencyKey(),
                other.requestFingerprint(),
                other.offerId(),
                other.passengers(),
                null,
                other.requestedAt());
        requests.publish(impostor);
        await().atMost(WITHIN)
                .until(() -> topics.on(Topics.BOOKING_REQUESTS_DLT).size() == 3);
        List<Seen> dead = new ArrayList<>(topics.on(Topics.BOOKING_REQUESTS_DLT));
        assertThat(dead)
                .extracting(record -> record.header("dlt_reason"))
                .containsExactlyInAnyOrder("unparseable", "invalid", "invalid");
        assertThat(dead).extracting(Seen::key).containsExactlyInAnyOrder("x:y", invalid.key(), impostor.key());
        assertThat(pipeline.booker()
                        .bookings()
                        .find(valid.bookingId())
                        .orElseThrow()
                        .userId())
                .isEqualTo(valid.userId());
        assertThat(dead)
                .allSatisfy(record ->
                        assertThat(record.header("dlt_original_offset")).isNotBlank());
        assertThat(pipeline.booker().bookings().find(invalid.bookingId())).isEmpty();
        await().atMost(WITHIN)
                .until(() -> topics.on(Topics.BOOKING_OPS).stream()
                                .filter(event -> event.value().contains("request_dead_lettered"))
                                .count()
                        == 3);
    }

    @Test
    void aRequestTheDatabaseRefusesIsDeadLetteredAloneAndTheOthersOfItsPollAreBooked() {
        BookingRequested before = requests.requestFor(requests.offer(), "pia");
        BookingRequested base = requests.requestFor(requests.offer(), "quinn");
        // Valid to the booker's check; PostgreSQL takes no zero byte in a text, so the poll's
        // insert fails and its requests are recorded again one by one.
        BookingRequested refused = new BookingRequested(
                base.bookingId(),
                base.userId(),
                base.idempotencyKey(),
                "sha256:\u0000",
                base.offerId(),
                base.passengers(),
                null,
                base.requestedAt());
        BookingRequested after = requests.requestFor(requests.offer(), "rosa");

        requests.publishAll(List.of(before, refused, after));

        pipeline.awaitFinal(before.bookingId(), BookingStatus.CONFIRMED);
        pipeline.awaitFinal(after.bookingId(), BookingStatus.CONFIRMED);
        await().atMost(WITHIN)
                .until(() -> topics.on(Topics.BOOKING_REQUESTS_DLT).stream()
                        .anyMatch(record -> record.key().equals(refused.key())));
        assertThat(topics.on(Topics.BOOKING_REQUESTS_DLT))
                .filteredOn(record -> record.key().equals(refused.key()))
                .singleElement()
                .satisfies(record -> {
                    assertThat(record.header("dlt_reason")).isEqualTo("invalid");
                    assertThat(record.header("dlt_detail")).startsWith("the database refused it (SQLState ");
                });
        assertThat(pipeline.booker().bookings().find(refused.bookingId())).isEmpty();
    }

    @Test
    void twoHundredRequestsPublishedAtOnceAreRecordedInPollsAndEachBookedOnce() {
        List<BookingRequested> burst = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            burst.add(requests.requestFor(requests.offer(), "burst"));
        }
        burst.forEach(requests::publish);

        for (BookingRequested request : burst) {
            pipeline.awaitFinal(request.bookingId(), BookingStatus.CONFIRMED);
        }
        for (BookingRequested request : burst) {
            assertThat(simulator.stats().ordersFor(request.bookingId().toString()))
                    .as("orders for %s", request.bookingId())
                    .isEqualTo(1);
        }
        assertThat(awaitOutcomes(burst.getLast().bookingId(), 1)).hasSize(1);
    }

    private int confirmedBookingsOf(String user) {
        return pipeline.booker()
                .jdbc()
                .sql("select count(*) from booking where user_id = ? and status = 'CONFIRMED'")
                .param(user)
                .query(Integer.class)
                .single();
    }

    private List<Seen> awaitOutcomes(UUID bookingId, int count) {
        await().atMost(WITHIN)
                .until(() ->
                        topics.on(Topics.BOOKING_OUTCOMES, bookingId.toString()).size() >= count);
        return topics.on(Topics.BOOKING_OUTCOMES, bookingId.toString());
    }
}
