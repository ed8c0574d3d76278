package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booker.TopicWatcher.Seen;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.SimulatorConfig.Latency;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The booker stopped while Duffel calls are in flight and requests keep arriving, then started
 * again on the same database: no request is lost, no booking gets a second Duffel order, and each
 * booking's outcome is published once.
 */
class BookerRestartIT {

    private static final int BEFORE_THE_STOP = 30;
    private static final int WHILE_STOPPED = 20;
    private static final Set<BookingStatus> SETTLED = EnumSet.of(BookingStatus.CONFIRMED, BookingStatus.UNKNOWN);

    private final BookerPipeline pipeline = BookerPipeline.shared();
    private TopicWatcher topics;

    @BeforeEach
    void slowDuffel() {
        // Far slower than the booker's 1 s shutdown grace, faster than its order-creation timeout.
        pipeline.simulator.updateConfig(SimulatorConfig.defaults()
                .withCreateOrderLatency(new Latency(Duration.ofSeconds(4), Duration.ofSeconds(5))));
        topics = new TopicWatcher(pipeline.kafka, List.of(Topics.BOOKING_OUTCOMES, Topics.BOOKING_OPS));
    }

    @AfterEach
    void restoreDuffel() {
        pipeline.simulator.updateConfig(SimulatorConfig.defaults());
        topics.close();
    }

    @Test
    void aBookerStoppedMidFlightAndStartedAgainLosesNothingAndBooksNothingTwice() {
        List<BookingRequested> requests = new ArrayList<>();
        IntStream.range(0, BEFORE_THE_STOP).forEach(i -> requests.add(publishNew("restart-" + i)));
        await().atMost(BookerPipeline.WITHIN).until(() -> count(BookingStatus.SUBMITTING, requests) >= 5);

        pipeline.restartBooker(
                () -> IntStream.range(0, WHILE_STOPPED).forEach(i -> requests.add(publishNew("stopped-" + i))));

        await().atMost(BookerPipeline.WITHIN)
                .until(() -> requests.stream()
                        .allMatch(request -> pipeline.booker()
                                .bookings()
                                .find(request.bookingId())
                                .map(booking -> SETTLED.contains(booking.status()))
                                .orElse(false)));
        pipeline.awaitAllPublished(topics);

        List<Booking> bookings = requests.stream()
                .map(request ->
                        pipeline.booker().bookings().find(request.bookingId()).orElseThrow())
                .toList();
        assertThat(bookings).hasSize(BEFORE_THE_STOP + WHILE_STOPPED);
        assertThat(bookings)
                .as("the calls cut short by the stop are left for the reconciler")
                .anyMatch(booking -> booking.status() == BookingStatus.UNKNOWN);
        for (Booking booking : bookings) {
            String bookingId = booking.id().toString();
            int orders = pipeline.simulator.stats().ordersFor(bookingId);
            List<String> outcomes = topics.on(Topics.BOOKING_OUTCOMES, bookingId).stream()
                    .map(event -> event.header("ce_type"))
                    .toList();
            if (booking.status() == BookingStatus.CONFIRMED) {
                assertThat(orders)
                        .as("Duffel orders of confirmed %s", bookingId)
                        .isEqualTo(1);
                assertThat(outcomes).containsExactly("dev.flightpipeline.BookingConfirmed.v1");
            } else {
                assertThat(orders).as("Duffel orders of unknown %s", bookingId).isLessThanOrEqualTo(1);
                assertThat(booking.attempts()).isEqualTo(1);
                assertThat(outcomes).containsExactly("dev.flightpipeline.BookingPending.v1");
                assertThat(topics.on(Topics.BOOKING_OPS, bookingId))
                        .extracting(Seen::value)
                        .singleElement()
                        .asString()
                        .containsAnyOf("\"kind\":\"submission_interrupted\"", "\"kind\":\"outcome_unknown\"");
            }
        }
        List<String> eventIds = topics.on(Topics.BOOKING_OUTCOMES).stream()
                .map(event -> event.header("ce_id"))
                .toList();
        assertThat(eventIds).doesNotHaveDuplicates();
        topics.assertEveryEventMatchesItsSchema();
    }

    private BookingRequested publishNew(String user) {
        BookingRequested request = pipeline.requests.requestFor(pipeline.requests.offer(), user);
        pipeline.requests.publish(request);
        return request;
    }

    private long count(BookingStatus status, List<BookingRequested> requests) {
        Set<UUID> ids = requests.stream().map(BookingRequested::bookingId).collect(Collectors.toSet());
        return pipeline
                .booker()
                .jdbc()
                .sql("select id from booking where status = ?")
                .param(status.name())
                .query(UUID.class)
                .list()
                .stream()
                .filter(ids::contains)
                .count();
    }
}
