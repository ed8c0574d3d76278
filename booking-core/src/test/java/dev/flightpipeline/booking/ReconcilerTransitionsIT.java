package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.flightpipeline.booking.BookingTransitions.CheckTimes;
import dev.flightpipeline.booking.BookingTransitions.DueBooking;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.testsupport.RealInfrastructureInitializer;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reconciler's part of the state machine against a real PostgreSQL: claiming due bookings,
 * checking them again later, closing them without an order and attaching late orders. A database of
 * its own (the claim sees every due booking), and each test first puts the earlier tests' bookings
 * out of the way.
 */
@SpringBootTest(
        classes = BookingCoreTestApplication.class,
        properties = "spring.application.name=reconciler-transitions")
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class ReconcilerTransitionsIT {

    static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123456Z");
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Money TOTAL = new Money("412.70", "GBP");
    static final CheckTimes CHECK_TIMES =
            new CheckTimes(Duration.ofMinutes(2), Duration.ofSeconds(190), Duration.ofSeconds(10));

    @Autowired
    DataSource dataSource;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    BookingRepository bookings;

    final TestClock clock = new TestClock(NOW);
    JdbcClient jdbc;
    BookingTransitions transitions;

    @BeforeEach
    void createTheStateMachineAndClearTheQueue() {
        jdbc = JdbcClient.create(dataSource);
        transitions = new BookingTransitions(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(transactionManager),
                clock,
                "reconciler",
                CHECK_TIMES);
        jdbc.sql("update booking set next_check_at = null").update();
    }

    @Test
    void dueBookingsAreClaimedOldestFirstWithTheirPassengersAndLeasedUntilTheLeaseRunsOut() {
        UUID first = unknownBooking("Tony", "Stark");
        clock.advance(Duration.ofSeconds(1));
        UUID second = unknownBooking("Pepper", "Potts");
        clock.advance(Duration.ofSeconds(9));
        UUID notDueYet = unknownBooking("Happy", "Hogan");
        clock.advance(Duration.ofSeconds(1));

        List<DueBooking> claimed = transitions.claimDue(10, LEASE);

        assertThat(claimed).extracting(DueBooking::bookingId).containsExactly(first, second);
        assertThat(claimed.getFirst().status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(claimed.getFirst().passengerNames()).containsExactly("Tony Stark");
        assertThat(claimed.getFirst().attempts()).isOne();
        assertThat(claimed.getFirst().checks()).isZero();
        assertThat(claimed.getFirst().offerExpiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(20)));
        assertThat(claimedUntil(first)).isEqualTo(clock.instant().plus(LEASE));
        assertThat(transitions.claimDue(10, LEASE)).isEmpty();
        assertThat(history(first)).containsExactly("RECEIVED", "SUBMITTING", "UNKNOWN");

        // The claimer stopped without checking them: once the lease runs out they are due again,
        // still in the order they fell due.
        clock.advance(LEASE);
        assertThat(transitions.claimDue(10, LEASE))
                .extracting(DueBooking::bookingId)
                .containsExactly(first, second, notDueYet);
    }

    @Test
    void aClaimEndsWhenTheBookingMovesOnAndItIsDueAgainAtItsNewTime() {
        BookingRequested request = overdueSubmission(NOW.plus(Duration.ofMinutes(20)));
        assertThat(transitions.claimDue(1, LEASE)).hasSize(1);

        // The booker's call ends without an answer while the reconciler holds the claim.
        transitions.markUnknown(request.bookingId(), "duffel_no_answer", "timed out", null);

        assertThat(claimedUntil(request.bookingId())).isNull();
        clock.advance(CHECK_TIMES.unknownFirstCheck());
        assertThat(CHECK_TIMES.unknownFirstCheck()).isLessThan(LEASE);
        assertThat(transitions.claimDue(1, LEASE))
                .extracting(DueBooking::bookingId, DueBooking::status)
                .containsExactly(tuple(request.bookingId(), BookingStatus.UNKNOWN));
    }

    @Test
    void aPostponedBookingIsDueAgainAtTheTimeGivenNotWhenTheLeaseRunsOut() {
        UUID id = unknownBooking("Tony", "Stark");
        clock.advance(CHECK_TIMES.unknownFirstCheck());
        DueBooking claimed = transitions.claimDue(1, LEASE).getFirst();

        assertThat(transitions.postpone(claimed, clock.instant().plusSeconds(5)))
                .isTrue();

        assertThat(transitions.claimDue(1, LEASE)).isEmpty();
        clock.advance(Duration.ofSeconds(5));
        assertThat(transitions.claimDue(1, LEASE))
                .extracting(DueBooking::bookingId)
                .containsExactly(id);
    }

    @Test
    void reconcilersClaimingAtOnceNeverClaimTheSameBooking() throws Exception {
        Set<UUID> created = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            created.add(unknownBooking("Tony", "Stark" + i));
        }
        clock.advance(CHECK_TIMES.unknownFirstCheck());
        int claimers = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<UUID>>> claims = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(claimers)) {
            for (int i = 0; i < claimers; i++) {
                claims.add(pool.submit(() -> {
                    start.await();
                    List<UUID> mine = new ArrayList<>();
                    List<DueBooking> batch;
                    while (!(batch = transitions.claimDue(5, LEASE)).isEmpty()) {
                        batch.forEach(booking -> mine.add(booking.bookingId()));
                    }
                    return mine;
                }));
            }
            start.countDown();
            List<UUID> all = new ArrayList<>();
            for (Future<List<UUID>> claim : claims) {
                all.addAll(claim.get());
            }
            assertThat(all).doesNotHaveDuplicates();
            assertThat(new HashSet<>(all)).isEqualTo(created);
        }
    }

    @Test
    void aBookingWithNoOrderYetIsCheckedAgainLaterAndTheCheckIsCounted() {
        UUID id = unknownBooking("Tony", "Stark");
        clock.advance(CHECK_TIMES.unknownFirstCheck());
        DueBooking claimed = transitions.claimDue(1, LEASE).getFirst();

        boolean rescheduled = transitions.recheckLater(claimed, Duration.ofSeconds(30), "no order yet", "req_list");

        assertThat(rescheduled).isTrue();
        Booking booking = bookings.findById(id).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(booking.nextCheckAt()).isEqualTo(clock.instant().plus(Duration.ofSeconds(30)));
        assertThat(history(id)).containsExactly("RECEIVED", "SUBMITTING", "UNKNOWN", "UNKNOWN");
        assertThat(outboxTypes(id)).containsExactly("BookingPending", "OpsEvent");

        // Due again after the 30 s given, well inside the claim's lease: the check ended the claim.
        clock.advance(Duration.ofSeconds(30));
        assertThat(transitions.claimDue(1, LEASE).getFirst().checks()).isOne();
    }

    @Test
    void anOverdueReceivedBookingIsLeftToTheBookerAndReportedOnTheOpsTopic() {
        BookingRequested request = request("Tony", "Stark");
        transitions.receive(request);
        clock.advance(CHECK_TIMES.receivedOverdueAfter());
        DueBooking claimed = transitions.claimDue(1, LEASE).getFirst();
        assertThat(claimed.status()).isEqualTo(BookingStatus.RECEIVED);

        assertThat(transitions.recheckLater(claimed, Duration.ofMinutes(1), "not sent yet", null))
                .isTrue();

        assertThat(bookings.findById(request.bookingId()).orElseThrow().status())
                .isEqualTo(BookingStatus.RECEIVED);
        assertThat(outboxTypes(request.bookingId())).containsExactly("OpsEvent");
        assertThat(opsKinds(request.bookingId())).containsExactly(BookingTransitions.RECEIVED_OVERDUE);
    }

    @Test
    void aBookingWithNoOrderIsClosedAsFailedWithOneBookingFailed() {
        UUID id = unknownBooking("Tony", "Stark");
        clock.advance(Duration.ofHours(1));
        DueBooking claimed = transitions.claimDue(1, LEASE).getFirst();

        boolean closed = transitions.closeWithoutOrder(claimed, "no order was created");

        assertThat(closed).isTrue();
        Booking booking = bookings.findById(id).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.FAILED);
        assertThat(booking.failureCode()).isEqualTo("no_order_created");
        assertThat(booking.failureReason()).isEqualTo("no order was created");
        assertThat(booking.nextCheckAt()).isNull();
        assertThat(history(id)).containsExactly("RECEIVED", "SUBMITTING", "UNKNOWN", "FAILED");
        assertThat(outboxTypes(id)).containsExactly("BookingPending", "OpsEvent", "BookingFailed", "OpsEvent");
        assertThat(opsKinds(id)).containsExactly("outcome_unknown", "closed_by_reconciler");
        assertThat(transitions.closeWithoutOrder(claimed, "again")).isFalse();
        assertThat(outboxTypes(id)).hasSize(4);
    }

    @Test
    void aBookingSentAgainSinceItWasClaimedIsNeitherClosedNorRescheduled() {
        BookingRequested request = overdueSubmission(NOW.minus(Duration.ofMinutes(1)));
        DueBooking claimed = transitions.claimDue(1, LEASE).getFirst();
        transitions.retrySubmission(request.bookingId(), "duffel_rate_limited", null);

        assertThat(transitions.closeWithoutOrder(claimed, "no order was created"))
                .isFalse();
        assertThat(transitions.recheckLater(claimed, Duration.ofMinutes(1), "no order yet", null))
                .isFalse();
        assertThat(transitions.postpone(claimed, clock.instant())).isFalse();

        Booking booking = bookings.findById(request.bookingId()).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.SUBMITTING);
        assertThat(booking.lastAttemptAt()).isEqualTo(clock.instant());
        // Its new call is under way: not the reconciler's until that call can have ended.
        assertThat(transitions.claimDue(1, LEASE)).isEmpty();
        clock.advance(CHECK_TIMES.submittingOverdueAfter());
        assertThat(transitions.claimDue(1, LEASE))
                .extracting(DueBooking::bookingId)
                .containsExactly(request.bookingId());
    }

    @Test
    void aSubmittingBookingIsNotClaimedWhileItsCallMayStillBeUnderWayThoughItsCheckTimeHasPassed() {
        // Sent to Duffel a minute before it would have been overdue as RECEIVED.
        BookingRequested request = request("Tony", "Stark");
        transitions.receive(request);
        clock.advance(CHECK_TIMES.receivedOverdueAfter().minus(Duration.ofMinutes(1)));
        Instant submittedAt = clock.instant();
        transitions.startSubmission(request.bookingId(), "booker-1", TOTAL, submittedAt.plus(Duration.ofMinutes(20)));

        clock.advance(Duration.ofMinutes(1));
        assertThat(bookings.findById(request.bookingId()).orElseThrow().nextCheckAt())
                .isBeforeOrEqualTo(clock.instant());
        assertThat(transitions.claimDue(10, LEASE)).isEmpty();

        clock.advance(Duration.between(clock.instant(), submittedAt.plus(CHECK_TIMES.submittingOverdueAfter()))
                .minusMillis(1));
        assertThat(transitions.claimDue(10, LEASE)).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(transitions.claimDue(10, LEASE))
                .extracting(DueBooking::bookingId, DueBooking::status)
                .containsExactly(tuple(request.bookingId(), BookingStatus.SUBMITTING));
    }

    @Test
    void aLateOrderIsAttachedOnceWithItsSegmentsAndOneBookingConfirmed() {
        UUID id = unknownBooking("Tony", "Stark");
        ConfirmedOrder order = new ConfirmedOrder(
                "ord_" + UUID.randomUUID(),
                "RZPNX8",
                new BigDecimal("412.70"),
                "GBP",
                List.of(new Segment(
                        0,
                        "seg_1",
                        "LHR",
                        "JFK",
                        LocalDateTime.parse("2027-01-01T10:00"),
                        LocalDateTime.parse("2027-01-01T13:00"),
                        "BA",
                        "117",
                        "BA",
                        "PT8H",
                        "Boeing 777")));

        assertThat(transitions.attachLateOrder(id, order, "req_list")).isTrue();
        assertThat(transitions.attachLateOrder(id, order, "req_list")).isFalse();

        Booking booking = bookings.findById(id).orElseThrow();
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.late()).isTrue();
        assertThat(booking.duffelOrderId()).isEqualTo(order.duffelOrderId());
        assertThat(booking.bookingReference()).isEqualTo("RZPNX8");
        assertThat(booking.segments()).isEqualTo(order.segments());
        assertThat(booking.travelers()).hasSize(1);
        assertThat(outboxTypes(id)).containsExactly("BookingPending", "OpsEvent", "BookingConfirmed", "OpsEvent");
        assertThat(opsKinds(id)).containsExactly("outcome_unknown", "reconciled_late");
    }

    private UUID unknownBooking(String givenName, String familyName) {
        BookingRequested request = request(givenName, familyName);
        transitions.receive(request);
        transitions.startSubmission(
                request.bookingId(), "booker-1", TOTAL, clock.instant().plus(Duration.ofMinutes(20)));
        transitions.markUnknown(request.bookingId(), "duffel_no_answer", "timed out", null);
        return request.bookingId();
    }

    /** A booking SUBMITTING for longer than a call may take: due for the reconciler now. */
    private BookingRequested overdueSubmission(Instant offerExpiresAt) {
        BookingRequested request = request("Tony", "Stark");
        transitions.receive(request);
        transitions.startSubmission(request.bookingId(), "booker-1", TOTAL, offerExpiresAt);
        clock.advance(CHECK_TIMES.submittingOverdueAfter());
        return request;
    }

    private BookingRequested request(String givenName, String familyName) {
        String key = "key-" + UUID.randomUUID();
        return new BookingRequested(
                UUID.randomUUID(),
                "user-" + UUID.randomUUID(),
                key,
                "sha256:" + key,
                "off_" + UUID.randomUUID(),
                List.of(new Passenger(
                        "pas_1", "mr", givenName, familyName, "m", LocalDate.parse("1970-05-29"), null, null)),
                TOTAL,
                clock.instant());
    }

    private Instant claimedUntil(UUID bookingId) {
        Timestamp at = (Timestamp) jdbc.sql("select claimed_until from booking where id = ?")
                .param(bookingId)
                .query()
                .singleRow()
                .get("claimed_until");
        return at == null ? null : at.toInstant();
    }

    private List<String> history(UUID bookingId) {
        return jdbc.sql("select to_status from booking_state_change where booking_id = ? order by id")
                .param(bookingId)
                .query(String.class)
                .list();
    }

    private List<String> outboxTypes(UUID bookingId) {
        return jdbc
                .sql("select event_type from outbox_event where message_key = ? order by id")
                .param(bookingId.toString())
                .query(String.class)
                .list()
                .stream()
                .map(type -> type.split("\\.")[2])
                .toList();
    }

    private List<String> opsKinds(UUID bookingId) {
        return jdbc.sql(
                        "select payload::json ->> 'kind' from outbox_event where message_key = ? and topic = ? order by id")
                .params(bookingId.toString(), Topics.BOOKING_OPS)
                .query(String.class)
                .list();
    }
}
