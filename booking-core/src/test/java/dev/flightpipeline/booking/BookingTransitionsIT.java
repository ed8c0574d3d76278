package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flightpipeline.booking.BookingTransitions.BookingIdentity;
import dev.flightpipeline.booking.BookingTransitions.CheckTimes;
import dev.flightpipeline.booking.BookingTransitions.Intake;
import dev.flightpipeline.booking.BookingTransitions.Submission;
import dev.flightpipeline.booking.BookingTransitions.SubmissionStart;
import dev.flightpipeline.booking.outbox.EventTrace;
import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingOutcome.BookingPending;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.FlightSegment;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.testsupport.RealInfrastructureInitializer;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * The booking state machine against a real PostgreSQL: each transition's row, history and outbox
 * events, and the transitions that must not happen. The database is shared by the test class, so
 * every test uses its own users, keys and offers.
 */
@SpringBootTest(classes = BookingCoreTestApplication.class)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class BookingTransitionsIT {

    static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123456Z");
    static final CheckTimes CHECK_TIMES = CheckTimes.defaults();
    static final Money EXPECTED_TOTAL = new Money("412.70", "GBP");
    static final Money TOTAL = new Money("412.70", "GBP");
    static final Instant OFFER_EXPIRES_AT = NOW.plus(Duration.ofMinutes(20));
    static final String BOOKER = "booker-1";

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
    void createTheStateMachine() {
        jdbc = JdbcClient.create(dataSource);
        transitions = new BookingTransitions(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(transactionManager),
                clock,
                "booker",
                CheckTimes.defaults());
    }

    // receive

    @Test
    void aNewRequestIsRecordedAsAReceivedBookingWithItsTravelersInOrderAndNoEvent() {
        BookingRequested request = newRequest();

        Intake intake = transitions.receive(request);

        assertThat(kind(intake)).isEqualTo(new RecordedId(request.bookingId()));
        Booking booking = booking(request.bookingId());
        assertThat(booking.status()).isEqualTo(BookingStatus.RECEIVED);
        assertThat(booking.userId()).isEqualTo(request.userId());
        assertThat(booking.idempotencyKey()).isEqualTo(request.idempotencyKey());
        assertThat(booking.requestFingerprint()).isEqualTo(request.requestFingerprint());
        assertThat(booking.offerId()).isEqualTo(request.offerId());
        assertThat(booking.expectedTotalAmount()).isEqualTo(new BigDecimal("412.70"));
        assertThat(booking.expectedTotalCurrency()).isEqualTo("GBP");
        assertThat(booking.attempts()).isZero();
        assertThat(booking.submittedBy()).isNull();
        assertThat(booking.totalAmount()).isNull();
        assertThat(booking.nextCheckAt()).isEqualTo(NOW.plus(CHECK_TIMES.receivedOverdueAfter()));
        assertThat(booking.createdAt()).isEqualTo(NOW);
        assertThat(booking.updatedAt()).isEqualTo(NOW);
        assertThat(booking.version()).isZero();
        assertThat(booking.travelers())
                .containsExactly(
                        new Traveler(
                                "pas_1",
                                "mr",
                                "Tony",
                                "Stark",
                                "m",
                                LocalDate.parse("1970-05-29"),
                                "tony@example.com",
                                "+442080160509"),
                        new Traveler(
                                "pas_2",
                                "ms",
                                "Pepper",
                                "Potts",
                                "f",
                                LocalDate.parse("1974-10-12"),
                                "pepper@example.com",
                                "+442080160510"));
        assertThat(booking.segments()).isEmpty();
        assertThat(history(request.bookingId())).containsExactly(new Change(null, "RECEIVED", "requested", null));
        assertThat(events(request.bookingId())).isEmpty();
    }

    @Test
    void theBookingHandedOverAtIntakeEqualsTheBookingAsRead() {
        clock.advance(Duration.ofNanos(789)); // finer than the database keeps
        BookingRequested withExpectedTotal = newRequest();
        BookingRequested withoutExpectedTotal = new BookingRequested(
                UUID.randomUUID(),
                "user-" + UUID.randomUUID(),
                "key-" + UUID.randomUUID(),
                "sha256:other",
                "off_" + UUID.randomUUID(),
                List.of(passenger("pas_1", null, "Natasha", "Romanoff", null, "1984-11-22", null)),
                null,
                NOW);
        // The booker's check refuses a request without passengers; the statement takes it all the same.
        BookingRequested withoutPassengers = new BookingRequested(
                UUID.randomUUID(),
                "user-" + UUID.randomUUID(),
                "key-" + UUID.randomUUID(),
                "sha256:none",
                "off_" + UUID.randomUUID(),
                List.of(),
                null,
                NOW);

        for (BookingRequested request : List.of(withExpectedTotal, withoutExpectedTotal, withoutPassengers)) {
            Intake intake = transitions.receive(request);

            assertThat(intake).isInstanceOf(Intake.Recorded.class);
            assertThat(((Intake.Recorded) intake).booking())
                    .isEqualTo(new BookingReader(dataSource)
                            .findWithTravelers(request.bookingId())
                            .orElseThrow());
        }
    }

    @Test
    void aPollsNewRequestsAreRecordedTogetherInOrderAndTheOthersAreLeftToReceive() {
        BookingRequested first = newRequest();
        BookingRequested second = newRequest();
        BookingRequested offerTaken = request("user-" + UUID.randomUUID(), "key-" + UUID.randomUUID(), first.offerId());
        BookingRequested third = newRequest();

        List<Optional<Intake.Recorded>> recorded = new TransactionTemplate(transactionManager)
                .execute(status -> transitions.recordNew(List.of(first, second, first, offerTaken, third)));

        assertThat(recorded)
                .extracting(found -> found.map(Intake.Recorded::bookingId))
                .containsExactly(
                        Optional.of(first.bookingId()),
                        Optional.of(second.bookingId()),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(third.bookingId()));
        BookingReader reader = new BookingReader(dataSource);
        for (Optional<Intake.Recorded> booking : recorded) {
            booking.ifPresent(handedOver -> assertThat(handedOver.booking())
                    .isEqualTo(reader.findWithTravelers(handedOver.bookingId()).orElseThrow()));
        }
        assertThat(count("select count(*) from booking where offer_id = ?", first.offerId()))
                .isOne();
        assertThat(count("select count(*) from booking where id = ?", offerTaken.bookingId()))
                .isZero();
        assertThat(history(first.bookingId())).containsExactly(new Change(null, "RECEIVED", "requested", null));
        assertThat(transitions.receive(first)).isEqualTo(new Intake.AlreadyRecorded(first.bookingId()));
        assertThat(transitions.receive(offerTaken))
                .isInstanceOfSatisfying(
                        Intake.Refused.class,
                        refused -> assertThat(refused.rejection().reason()).isEqualTo("offer_already_booked"));
    }

    @Test
    void theSameRequestReceivedThreeTimesIsRecordedOnce() {
        BookingRequested request = newRequest();

        List<Intake> intakes =
                List.of(transitions.receive(request), transitions.receive(request), transitions.receive(request));

        assertThat(intakes.stream().map(BookingTransitionsIT::kind))
                .containsExactly(
                        new RecordedId(request.bookingId()),
                        new Intake.AlreadyRecorded(request.bookingId()),
                        new Intake.AlreadyRecorded(request.bookingId()));
        assertThat(count("select count(*) from booking where user_id = ?", request.userId()))
                .isOne();
        assertThat(count("select count(*) from traveler where booking_id = ?", request.bookingId()))
                .isEqualTo(2);
        assertThat(history(request.bookingId())).hasSize(1);
        assertThat(events(request.bookingId())).isEmpty();
    }

    @Test
    void fiftyThreadsReceivingTheSameRequestAtOnceRecordItExactlyOnce() throws Exception {
        BookingRequested request = newRequest();

        List<Intake> intakes = allAtOnce(50, () -> transitions.receive(request));

        assertThat(intakes).filteredOn(Intake.Recorded.class::isInstance).hasSize(1);
        assertThat(intakes).filteredOn(Intake.AlreadyRecorded.class::isInstance).hasSize(49);
        assertThat(intakes.stream().map(BookingTransitionsIT::kind))
                .containsOnly(new RecordedId(request.bookingId()), new Intake.AlreadyRecorded(request.bookingId()));
        assertThat(count("select count(*) from booking where user_id = ?", request.userId()))
                .isOne();
        assertThat(count("select count(*) from traveler where booking_id = ?", request.bookingId()))
                .isEqualTo(2);
        assertThat(history(request.bookingId())).hasSize(1);
        assertThat(events(request.bookingId())).isEmpty();
    }

    @Test
    void theSameKeyWithAnotherPayloadIsRefusedAndTheRefusalIsPublishedOnceHoweverOftenItArrives() {
        BookingRequested original = newRequest();
        transitions.receive(original);
        BookingRequested changed = new BookingRequested(
                UUID.randomUUID(),
                original.userId(),
                original.idempotencyKey(),
                "sha256:another-payload",
                "off_" + UUID.randomUUID(),
                original.passengers(),
                null,
                NOW);
        BookingRequestRejected rejection = new BookingRequestRejected(
                changed.bookingId(),
                changed.userId(),
                changed.idempotencyKey(),
                changed.offerId(),
                "idempotency_key_reused",
                original.bookingId(),
                NOW);

        Intake first = transitions.receive(changed);
        Intake again = transitions.receive(changed);

        assertThat(first).isEqualTo(new Intake.Refused(rejection));
        assertThat(again).isEqualTo(new Intake.Refused(rejection));
        assertThat(bookings.findById(changed.bookingId())).isEmpty();
        assertThat(count("select count(*) from booking where user_id = ?", original.userId()))
                .isOne();
        assertThat(events(changed.bookingId())).singleElement().satisfies(event -> {
            assertIsOutcome(event, changed.bookingId(), "dev.flightpipeline.BookingRequestRejected.v1");
            assertThat(event.payload(BookingRequestRejected.class)).isEqualTo(rejection);
        });
        assertThat(events(original.bookingId())).isEmpty();
        assertThat(history(original.bookingId())).hasSize(1);
    }

    @Test
    void anotherKeyOfTheSameUserForAnOfferTheyHoldIsRefusedNamingTheirBooking() {
        BookingRequested holder = newRequest();
        transitions.receive(holder);
        BookingRequested sameUserNewKey = request(holder.userId(), "key-" + UUID.randomUUID(), holder.offerId());

        Intake intake = transitions.receive(sameUserNewKey);

        BookingRequestRejected rejection = new BookingRequestRejected(
                sameUserNewKey.bookingId(),
                holder.userId(),
                sameUserNewKey.idempotencyKey(),
                holder.offerId(),
                "offer_booked_by_you",
                holder.bookingId(),
                NOW);
        assertThat(intake).isEqualTo(new Intake.Refused(rejection));
        assertThat(bookings.findById(sameUserNewKey.bookingId())).isEmpty();
        assertThat(events(sameUserNewKey.bookingId())).singleElement().satisfies(event -> {
            assertIsOutcome(event, sameUserNewKey.bookingId(), "dev.flightpipeline.BookingRequestRejected.v1");
            assertThat(event.payload(BookingRequestRejected.class)).isEqualTo(rejection);
        });
    }

    @Test
    void anotherUsersRequestForAHeldOfferIsRefusedWithoutNamingTheHoldersBooking() {
        BookingRequested holder = newRequest();
        transitions.receive(holder);
        BookingRequested otherUser = request("user-" + UUID.randomUUID(), "key-" + UUID.randomUUID(), holder.offerId());

        Intake intake = transitions.receive(otherUser);

        BookingRequestRejected rejection = new BookingRequestRejected(
                otherUser.bookingId(),
                otherUser.userId(),
                otherUser.idempotencyKey(),
                holder.offerId(),
                "offer_already_booked",
                null,
                NOW);
        assertThat(intake).isEqualTo(new Intake.Refused(rejection));
        assertThat(bookings.findById(otherUser.bookingId())).isEmpty();
        assertThat(count("select count(*) from traveler where booking_id = ?", otherUser.bookingId()))
                .isZero();
        assertThat(history(otherUser.bookingId())).isEmpty();
        assertThat(events(otherUser.bookingId())).singleElement().satisfies(event -> {
            assertIsOutcome(event, otherUser.bookingId(), "dev.flightpipeline.BookingRequestRejected.v1");
            assertThat(event.payload(BookingRequestRejected.class)).isEqualTo(rejection);
            assertThat(event.json()).doesNotContain("existingBookingId");
        });
    }

    @Test
    void anOfferWhoseBookingFailedCanBeBookedAgainUnderANewKey() {
        BookingRequested first = newRequest();
        transitions.receive(first);
        transitions.fail(first.bookingId(), FailureReason.OFFER_EXPIRED, "The offer has expired", null, null);
        BookingRequested second = request(first.userId(), "key-" + UUID.randomUUID(), first.offerId());

        Intake intake = transitions.receive(second);

        assertThat(kind(intake)).isEqualTo(new RecordedId(second.bookingId()));
        assertThat(bookings.findLiveByOfferId(first.offerId()))
                .get()
                .extracting(Booking::id)
                .isEqualTo(second.bookingId());
        assertThat(events(second.bookingId())).isEmpty();
    }

    @Test
    void aRequestWhoseBookingIdIsAnotherRequestsIsNotTakenAndWritesNothing() {
        BookingRequested first = newRequest();
        transitions.receive(first);
        BookingRequested impostor = requestWithId(
                first.bookingId(), "user-" + UUID.randomUUID(), "key-" + UUID.randomUUID(), "off_" + UUID.randomUUID());
        long rowsBefore = count(EVERY_BOOKING_ROW);

        Intake intake = transitions.receive(impostor);

        assertThat(intake).isEqualTo(new Intake.IdTaken(first.bookingId()));
        assertThat(count(EVERY_BOOKING_ROW)).isEqualTo(rowsBefore);
        assertThat(booking(first.bookingId()).travelers())
                .hasSize(first.passengers().size());
        assertThat(booking(first.bookingId()).userId()).isEqualTo(first.userId());
    }

    @Test
    void requestsTakenInOneTransactionCommitTogetherWithTheirRefusals() {
        BookingRequested recorded = newRequest();
        BookingRequested holder = newRequest();
        transitions.receive(holder);
        BookingRequested refused = request("user-" + UUID.randomUUID(), "key-" + UUID.randomUUID(), holder.offerId());
        BookingRequested impostor = requestWithId(
                holder.bookingId(),
                "user-" + UUID.randomUUID(),
                "key-" + UUID.randomUUID(),
                "off_" + UUID.randomUUID());
        TransactionTemplate poll = new TransactionTemplate(transactionManager);

        List<Intake> intakes = poll.execute(status ->
                List.of(transitions.receive(recorded), transitions.receive(refused), transitions.receive(impostor)));

        assertThat(kind(intakes.get(0))).isEqualTo(new RecordedId(recorded.bookingId()));
        assertThat(intakes.get(1)).isInstanceOf(Intake.Refused.class);
        assertThat(intakes.get(2)).isEqualTo(new Intake.IdTaken(holder.bookingId()));
        assertThat(booking(recorded.bookingId()).status()).isEqualTo(BookingStatus.RECEIVED);
        assertThat(events(refused.bookingId()))
                .singleElement()
                .satisfies(event -> assertThat(event.json()).contains("offer_already_booked"));
    }

    @Test
    void requestsTakenInATransactionThatRollsBackLeaveNothing() {
        BookingRequested request = newRequest();
        TransactionTemplate poll = new TransactionTemplate(transactionManager);

        poll.executeWithoutResult(status -> {
            transitions.receive(request);
            status.setRollbackOnly();
        });

        assertThat(count("select count(*) from booking where id = ?", request.bookingId()))
                .isZero();
        assertThat(kind(transitions.receive(request))).isEqualTo(new RecordedId(request.bookingId()));
    }

    // startSubmission, retrySubmission

    @Test
    void startingASubmissionMovesAReceivedBookingToSubmittingAsItsFirstAttempt() {
        BookingRequested request = newRequest();
        transitions.receive(request);
        clock.advance(Duration.ofSeconds(2));
        Instant submittedAt = clock.instant();

        Optional<Submission> submission =
                transitions.startSubmission(request.bookingId(), BOOKER, TOTAL, OFFER_EXPIRES_AT);

        assertThat(submission)
                .contains(new Submission(
                        request.bookingId(), 1, request.userId(), request.idempotencyKey(), request.offerId()));
        Booking booking = booking(request.bookingId());
        assertThat(booking.status()).isEqualTo(BookingStatus.SUBMITTING);
        assertThat(booking.attempts()).isOne();
        assertThat(booking.lastAttemptAt()).isEqualTo(submittedAt);
        assertThat(booking.submittedBy()).isEqualTo(BOOKER);
        assertThat(booking.totalAmount()).isEqualTo(new BigDecimal("412.70"));
        assertThat(booking.totalCurrency()).isEqualTo("GBP");
        assertThat(booking.offerExpiresAt()).isEqualTo(OFFER_EXPIRES_AT);
        // Left as it was received: the reconciler waits for the call by lastAttemptAt.
        assertThat(booking.nextCheckAt()).isEqualTo(NOW.plus(CHECK_TIMES.receivedOverdueAfter()));
        assertThat(booking.updatedAt()).isEqualTo(submittedAt);
        assertThat(booking.createdAt()).isEqualTo(NOW);
        assertThat(booking.version()).isOne();
        assertThat(history(request.bookingId()))
                .containsExactly(
                        new Change(null, "RECEIVED", "requested", null),
                        new Change("RECEIVED", "SUBMITTING", "submitting", null));
        assertThat(events(request.bookingId())).isEmpty();
    }

    @Test
    void aBookingIsSubmittedOnlyOnce() {
        UUID id = receivedBooking();
        transitions.startSubmission(id, BOOKER, TOTAL, OFFER_EXPIRES_AT).orElseThrow();

        Optional<Submission> second = transitions.startSubmission(id, "booker-2", TOTAL, OFFER_EXPIRES_AT);

        assertThat(second).isEmpty();
        Booking booking = booking(id);
        assertThat(booking.attempts()).isOne();
        assertThat(booking.submittedBy()).isEqualTo(BOOKER);
        assertThat(history(id)).hasSize(2);
    }

    @Test
    void twoBookersRacingToSubmitTheSameBookingLetExactlyOneWin() throws Exception {
        UUID id = receivedBooking();

        List<Optional<Submission>> submissions =
                allAtOnce(2, () -> transitions.startSubmission(id, BOOKER, TOTAL, OFFER_EXPIRES_AT));

        assertThat(submissions).filteredOn(Optional::isPresent).hasSize(1);
        assertThat(submissions).filteredOn(Optional::isEmpty).hasSize(1);
        assertThat(booking(id).attempts()).isOne();
        assertThat(history(id)).extracting(Change::to).containsExactly("RECEIVED", "SUBMITTING");
    }

    @Test
    void submissionsStartedTogetherMoveOnlyTheBookingsStillReceivedEachWithItsOwnOfferAndHistory() {
        UUID first = receivedBooking();
        UUID second = receivedBooking();
        UUID submittedElsewhere = receivedBooking();
        transitions
                .startSubmission(submittedElsewhere, "booker-2", TOTAL, OFFER_EXPIRES_AT)
                .orElseThrow();
        Money otherTotal = Money.of(new BigDecimal("99.5"), "EUR");
        Instant otherExpiry = OFFER_EXPIRES_AT.plusSeconds(61);
        clock.advance(Duration.ofSeconds(3));

        Map<UUID, Submission> started = transitions.startSubmissions(
                List.of(
                        new SubmissionStart(second, otherTotal, otherExpiry),
                        new SubmissionStart(submittedElsewhere, TOTAL, OFFER_EXPIRES_AT),
                        new SubmissionStart(first, TOTAL, OFFER_EXPIRES_AT),
                        new SubmissionStart(UUID.randomUUID(), TOTAL, OFFER_EXPIRES_AT)),
                BOOKER);

        assertThat(started).containsOnlyKeys(first, second);
        for (UUID id : List.of(first, second)) {
            Booking booking = booking(id);
            assertThat(started.get(id))
                    .isEqualTo(new Submission(id, 1, booking.userId(), booking.idempotencyKey(), booking.offerId()));
            assertThat(booking.status()).isEqualTo(BookingStatus.SUBMITTING);
            assertThat(booking.submittedBy()).isEqualTo(BOOKER);
            assertThat(booking.lastAttemptAt()).isEqualTo(clock.instant());
            assertThat(history(id))
                    .containsExactly(
                            new Change(null, "RECEIVED", "requested", null),
                            new Change("RECEIVED", "SUBMITTING", "submitting", null));
        }
        assertThat(booking(first).totalAmount()).isEqualTo(new BigDecimal("412.70"));
        assertThat(booking(first).offerExpiresAt()).isEqualTo(OFFER_EXPIRES_AT);
        assertThat(booking(second).totalAmount()).isEqualTo(new BigDecimal("99.5"));
        assertThat(booking(second).totalCurrency()).isEqualTo("EUR");
        assertThat(booking(second).offerExpiresAt()).isEqualTo(otherExpiry);
        Booking untouched = booking(submittedElsewhere);
        assertThat(untouched.submittedBy()).isEqualTo("booker-2");
        assertThat(untouched.attempts()).isOne();
        assertThat(history(submittedElsewhere)).hasSize(2);
    }

    @Test
    void submissionsStartedTogetherLockTheirBookingsInIdOrderSoThatTwoSuchStatementsCannotDeadlock() throws Exception {
        List<UUID> created = List.of(receivedBooking(), receivedBooking(), receivedBooking());
        List<UUID> inIdOrder = jdbc.sql("select id from booking where id = any(?) order by id")
                .param(created.toArray(UUID[]::new))
                .query(UUID.class)
                .list();
        UUID lowest = inIdOrder.getFirst();
        UUID highest = inIdOrder.getLast();
        ExecutorService starter = Executors.newSingleThreadExecutor();
        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            lockRow(other, highest, false);

            Future<Map<UUID, Submission>> started = starter.submit(() -> transitions.startSubmissions(
                    inIdOrder.reversed().stream()
                            .map(id -> new SubmissionStart(id, TOTAL, OFFER_EXPIRES_AT))
                            .toList(),
                    BOOKER));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")
                                    .query(Long.class)
                                    .single()
                            == 1);

            // Waiting for the highest, the statement already holds the lowest: it locks in id order.
            assertThatThrownBy(() -> lockRow(other, lowest, true))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("could not obtain lock");
            other.rollback();
            assertThat(started.get(10, TimeUnit.SECONDS)).containsOnlyKeys(created);
        } finally {
            starter.shutdownNow();
        }
    }

    @Test
    void aSubmissionWhoseOfferHasNoExpiryStartsWithoutOne() {
        UUID id = receivedBooking();
        UUID other = receivedBooking();

        assertThat(transitions.startSubmissions(
                        List.of(
                                new SubmissionStart(id, TOTAL, null),
                                new SubmissionStart(other, TOTAL, OFFER_EXPIRES_AT)),
                        BOOKER))
                .containsOnlyKeys(id, other);
        assertThat(booking(id).offerExpiresAt()).isNull();
        assertThat(booking(id).status()).isEqualTo(BookingStatus.SUBMITTING);
    }

    @Test
    void aRetriedSubmissionStaysSubmittingAsTheSecondAttempt() {
        BookingRequested request = newRequest();
        transitions.receive(request);
        transitions.startSubmission(request.bookingId(), BOOKER, TOTAL, OFFER_EXPIRES_AT);
        clock.advance(Duration.ofSeconds(3));
        Instant retriedAt = clock.instant();

        Optional<Submission> retry = transitions.retrySubmission(request.bookingId(), "duffel_rate_limited", "req_429");

        assertThat(retry)
                .contains(new Submission(
                        request.bookingId(), 2, request.userId(), request.idempotencyKey(), request.offerId()));
        Booking booking = booking(request.bookingId());
        assertThat(booking.status()).isEqualTo(BookingStatus.SUBMITTING);
        assertThat(booking.attempts()).isEqualTo(2);
        assertThat(booking.lastAttemptAt()).isEqualTo(retriedAt);
        assertThat(booking.lastDuffelRequestId()).isEqualTo("req_429");
        assertThat(booking.nextCheckAt()).isEqualTo(NOW.plus(CHECK_TIMES.receivedOverdueAfter()));
        assertThat(booking.submittedBy()).isEqualTo(BOOKER);
        assertThat(history(request.bookingId()))
                .last()
                .isEqualTo(new Change("SUBMITTING", "SUBMITTING", "duffel_rate_limited", "req_429"));
        assertThat(events(request.bookingId())).isEmpty();
    }

    @Test
    void aBookingNotYetSubmittedIsNotRetried() {
        UUID id = receivedBooking();

        assertThat(transitions.retrySubmission(id, "duffel_rate_limited", "req_429"))
                .isEmpty();
        assertThat(booking(id).status()).isEqualTo(BookingStatus.RECEIVED);
        assertThat(booking(id).attempts()).isZero();
    }

    // confirm

    @Test
    void aSubmittedBookingIsConfirmedWithItsOrderAndSegmentsAndBookingConfirmedIsPublished() {
        BookingRequested request = newRequest();
        transitions.receive(request);
        transitions.startSubmission(request.bookingId(), BOOKER, TOTAL, OFFER_EXPIRES_AT);
        clock.advance(Duration.ofSeconds(4));
        ConfirmedOrder order = order();

        boolean confirmed = transitions.confirm(request.bookingId(), order, false, "req_create");

        assertThat(confirmed).isTrue();
        Booking booking = booking(request.bookingId());
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.duffelOrderId()).isEqualTo(order.duffelOrderId());
        assertThat(booking.bookingReference()).isEqualTo("RZPNX8");
        assertThat(booking.totalAmount()).isEqualTo(new BigDecimal("415.20"));
        assertThat(booking.totalCurrency()).isEqualTo("GBP");
        assertThat(booking.late()).isFalse();
        assertThat(booking.lastDuffelRequestId()).isEqualTo("req_create");
        assertThat(booking.nextCheckAt()).isNull();
        assertThat(booking.updatedAt()).isEqualTo(clock.instant());
        assertThat(booking.segments()).containsExactlyElementsOf(order.segments());
        assertThat(history(request.bookingId()))
                .last()
                .isEqualTo(new Change("SUBMITTING", "CONFIRMED", "confirmed", "req_create"));
        assertThat(events(request.bookingId())).singleElement().satisfies(event -> {
            assertIsOutcome(event, request.bookingId(), "dev.flightpipeline.BookingConfirmed.v1");
            assertThat(event.payload(BookingConfirmed.class))
                    .isEqualTo(new BookingConfirmed(
                            request.bookingId(),
                            request.userId(),
                            request.idempotencyKey(),
                            request.offerId(),
                            order.duffelOrderId(),
                            "RZPNX8",
                            new Money("415.20", "GBP"),
                            false,
                            List.of(
                                    new FlightSegment(
                                            0,
                                            "LHR",
                                            "JFK",
                                            LocalDateTime.parse("2026-12-24T10:30"),
                                            LocalDateTime.parse("2026-12-24T13:45"),
                                            "BA",
                                            "117"),
                                    new FlightSegment(
                                            1,
                                            "JFK",
                                            "LHR",
                                            LocalDateTime.parse("2027-01-02T18:00"),
                                            LocalDateTime.parse("2027-01-03T06:10"),
                                            "BA",
                                            "112")),
                            clock.instant()));
        });
    }

    @Test
    void confirmationsAndFailuresRacingForOneBookingLetExactlyOneWinWithOneEventAndOneHistoryRow() throws Exception {
        UUID id = receivedBooking();
        transitions.startSubmission(id, BOOKER, TOTAL, OFFER_EXPIRES_AT).orElseThrow();
        AtomicInteger turn = new AtomicInteger();

        List<Boolean> moved = allAtOnce(
                8,
                () -> turn.getAndIncrement() % 2 == 0
                        ? transitions.confirm(id, order(), false, "req_create")
                        : transitions.fail(id, FailureReason.OFFER_EXPIRED, "gone", null, null));

        assertThat(moved).containsOnlyOnce(true);
        String terminal = booking(id).status().name();
        assertThat(history(id)).extracting(Change::to).containsExactly("RECEIVED", "SUBMITTING", terminal);
        assertThat(events(id)).hasSize(1);
        assertThat(booking(id).segments())
                .hasSize(terminal.equals("CONFIRMED") ? order().segments().size() : 0);
    }

    @Test
    void aConfirmationThatWaitedForAFailuresLockFindsTheBookingFailedAndWritesNothing() throws Exception {
        UUID id = receivedBooking();
        transitions.startSubmission(id, BOOKER, TOTAL, OFFER_EXPIRES_AT).orElseThrow();
        TransactionTemplate outer = new TransactionTemplate(transactionManager);
        CountDownLatch failedUncommitted = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
            Future<Boolean> failing = threads.submit(() -> outer.execute(status -> {
                boolean moved = transitions.fail(id, FailureReason.OFFER_EXPIRED, "gone", null, null);
                failedUncommitted.countDown();
                try {
                    return moved && commit.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException interrupted) {
                    throw new IllegalStateException(interrupted);
                }
            }));
            assertThat(failedUncommitted.await(30, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> confirming = threads.submit(() -> transitions.confirm(id, order(), false, "req_create"));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count("""
                                    select count(*) from pg_stat_activity
                                    where wait_event_type = 'Lock' and query like '%with locked as%'""") == 1);
            commit.countDown();

            assertThat(failing.get(30, TimeUnit.SECONDS)).isTrue();
            assertThat(confirming.get(30, TimeUnit.SECONDS)).isFalse();
        }
        assertThat(booking(id).status()).isEqualTo(BookingStatus.FAILED);
        assertThat(booking(id).segments()).isEmpty();
        assertThat(history(id)).extracting(Change::to).containsExactly("RECEIVED", "SUBMITTING", "FAILED");
        assertThat(events(id)).hasSize(1);
    }

    @Test
    void aConfirmationNamingAnotherUserKeyOrOfferThanTheBookingsIsRefusedAndWritesNothing() {
        BookingRequested request = newRequest();
        BookingIdentity identity = submitted(request);
        assertThat(identity)
                .isEqualTo(new BookingIdentity(
                        request.bookingId(), request.userId(), request.idempotencyKey(), request.offerId()));
        Booking before = booking(request.bookingId());

        for (BookingIdentity wrong : othersThan(identity)) {
            assertThatThrownBy(() -> transitions.confirm(wrong, order(), false, "req_create"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nothing was changed")
                    .hasMessageNotContaining(wrong.userId())
                    .hasMessageNotContaining(wrong.idempotencyKey());
        }

        assertThat(booking(request.bookingId())).usingRecursiveComparison().isEqualTo(before);
        assertThat(history(request.bookingId())).extracting(Change::to).containsExactly("RECEIVED", "SUBMITTING");
        assertThat(events(request.bookingId())).isEmpty();
        assertThat(transitions.confirm(identity, order(), false, "req_create")).isTrue();
        assertThat(booking(request.bookingId()).segments()).containsExactlyElementsOf(order().segments());
    }

    @Test
    void aFailureOrAnUnknownOutcomeNamingAnotherUserKeyOrOfferIsRefusedAndWritesNothing() {
        BookingRequested request = newRequest();
        BookingIdentity identity = submitted(request);
        Booking before = booking(request.bookingId());

        for (BookingIdentity wrong : othersThan(identity)) {
            assertThatThrownBy(() ->
                            transitions.fail(wrong, FailureReason.ORDER_NOT_CREATED, "refused", null, "req_create"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nothing was changed");
            assertThatThrownBy(() -> transitions.markUnknown(wrong, "duffel_no_answer", "no answer", "req_create"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("nothing was changed");
        }

        assertThat(booking(request.bookingId())).usingRecursiveComparison().isEqualTo(before);
        assertThat(history(request.bookingId())).extracting(Change::to).containsExactly("RECEIVED", "SUBMITTING");
        assertThat(events(request.bookingId())).isEmpty();
        assertThat(transitions.markUnknown(identity, "duffel_no_answer", "no answer", "req_create"))
                .isTrue();
        assertThat(transitions.fail(identity, FailureReason.ORDER_NOT_CREATED, "refused", null, "req_check"))
                .isTrue();
        assertThat(history(request.bookingId()))
                .extracting(Change::to)
                .containsExactly("RECEIVED", "SUBMITTING", "UNKNOWN", "FAILED");
        assertThat(events(request.bookingId()))
                .extracting(OutboxRow::type)
                .containsExactly(
                        "dev.flightpipeline.BookingPending.v1",
                        "dev.flightpipeline.OpsEvent.v1",
                        "dev.flightpipeline.BookingFailed.v1");
    }

    @Test
    void aFailureAndAnUnknownOutcomeTellTheRelayOnceAfterTheirStatementAndNotWhenNothingMoved() {
        AtomicInteger told = new AtomicInteger();
        BookingTransitions telling = telling(new TransactionTemplate(transactionManager), told);
        UUID failing = receivedBooking();
        UUID unknown = submittingBooking(BOOKER);

        assertThat(telling.fail(failing, FailureReason.OFFER_EXPIRED, "expired", null, null))
                .isTrue();
        assertThat(told).as("after the failure").hasValue(1);
        assertThat(telling.markUnknown(unknown, "duffel_no_answer", "no answer", "req_1"))
                .isTrue();
        assertThat(told).as("after the unknown outcome").hasValue(2);

        assertThat(telling.fail(failing, FailureReason.OFFER_EXPIRED, "expired", null, null))
                .isFalse();
        assertThat(telling.markUnknown(unknown, "duffel_no_answer", "no answer", "req_2"))
                .isFalse();
        assertThat(told).as("not when nothing moved").hasValue(2);
        assertThat(events(failing)).hasSize(1);
        assertThat(events(unknown)).hasSize(2);
    }

    @Test
    void aConfirmedBookingIsNotConfirmedAgainAndItsConfirmationIsPublishedOnce() {
        UUID id = submittingBooking(BOOKER);
        ConfirmedOrder order = order();
        transitions.confirm(id, order, false, "req_create");
        Booking confirmedOnce = booking(id);

        boolean again = transitions.confirm(id, order(), true, "req_again");

        assertThat(again).isFalse();
        assertThat(booking(id)).usingRecursiveComparison().isEqualTo(confirmedOnce);
        assertThat(history(id)).extracting(Change::to).containsExactly("RECEIVED", "SUBMITTING", "CONFIRMED");
        assertThat(events(id)).extracting(OutboxRow::type).containsExactly("dev.flightpipeline.BookingConfirmed.v1");
    }

    @Test
    void aBookingWhoseOutcomeWasUnknownIsConfirmedLateAndItsEventSaysSo() {
        UUID id = unknownBooking();
        long before = outboxPosition();
        clock.advance(Duration.ofSeconds(30));

        boolean confirmed = transitions.confirm(id, order(), true, "req_lookup");

        assertThat(confirmed).isTrue();
        Booking booking = booking(id);
        assertThat(booking.status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking.late()).isTrue();
        assertThat(booking.nextCheckAt()).isNull();
        assertThat(history(id)).last().isEqualTo(new Change("UNKNOWN", "CONFIRMED", "confirmed late", "req_lookup"));
        assertThat(events(id, before)).singleElement().satisfies(event -> {
            assertIsOutcome(event, id, "dev.flightpipeline.BookingConfirmed.v1");
            BookingConfirmed payload = event.payload(BookingConfirmed.class);
            assertThat(payload.late()).isTrue();
            assertThat(payload.occurredAt()).isEqualTo(clock.instant());
        });
    }

    // fail

    @ParameterizedTest(name = "from {0}")
    @EnumSource(
            value = BookingStatus.class,
            names = {"RECEIVED", "SUBMITTING", "UNKNOWN"})
    void aBookingWithoutAnOrderFailsWithItsReasonAndBookingFailedIsPublished(BookingStatus from) {
        UUID id = bookingIn(from);
        Booking before = booking(id);
        long outboxBefore = outboxPosition();
        clock.advance(Duration.ofSeconds(5));

        boolean failed =
                transitions.fail(id, FailureReason.OFFER_EXPIRED, "The offer is no longer available", null, "req_fail");

        assertThat(failed).isTrue();
        Booking booking = booking(id);
        assertThat(booking.status()).isEqualTo(BookingStatus.FAILED);
        assertThat(booking.failureCode()).isEqualTo("offer_expired");
        assertThat(booking.failureReason()).isEqualTo("The offer is no longer available");
        assertThat(booking.lastDuffelRequestId()).isEqualTo("req_fail");
        assertThat(booking.nextCheckAt()).isNull();
        assertThat(booking.version()).isEqualTo(before.version() + 1);
        assertThat(history(id)).last().isEqualTo(new Change(from.name(), "FAILED", "offer_expired", "req_fail"));
        assertThat(events(id, outboxBefore)).singleElement().satisfies(event -> {
            assertIsOutcome(event, id, "dev.flightpipeline.BookingFailed.v1");
            assertThat(event.payload(BookingFailed.class))
                    .isEqualTo(new BookingFailed(
                            id,
                            before.userId(),
                            before.idempotencyKey(),
                            before.offerId(),
                            "offer_expired",
                            "The offer is no longer available",
                            null,
                            clock.instant()));
            assertThat(event.json()).doesNotContain("currentTotal");
        });
    }

    @Test
    void aPriceChangeFailsTheBookingWithTheCurrentTotalInItsEvent() {
        UUID id = receivedBooking();

        transitions.fail(
                id,
                FailureReason.PRICE_CHANGED,
                "The offer now costs 440.10 GBP",
                new Money("440.10", "GBP"),
                "req_offer");

        assertThat(booking(id).failureCode()).isEqualTo("price_changed");
        assertThat(events(id)).singleElement().satisfies(event -> {
            BookingFailed failed = event.payload(BookingFailed.class);
            assertThat(failed.reason()).isEqualTo("price_changed");
            assertThat(failed.currentTotal()).isEqualTo(new Money("440.10", "GBP"));
        });
    }

    @Test
    void aFailureBeforeSubmissionFailsAReceivedBookingButNotOneAnotherBookerIsSubmitting() {
        BookingRequested received = newRequest();
        transitions.receive(received);
        BookingRequested submitting = newRequest();
        BookingIdentity submittingIdentity = submitted(submitting);
        Booking beforeRefusal = booking(submitting.bookingId());

        boolean receivedFailed = transitions.failBeforeSubmission(
                new BookingIdentity(
                        received.bookingId(), received.userId(), received.idempotencyKey(), received.offerId()),
                FailureReason.OFFER_EXPIRED,
                "The offer has expired",
                null,
                "req_offer");
        boolean submittingFailed = transitions.failBeforeSubmission(
                submittingIdentity, FailureReason.OFFER_EXPIRED, "The offer has expired", null, "req_offer");

        assertThat(receivedFailed).isTrue();
        assertThat(booking(received.bookingId()).status()).isEqualTo(BookingStatus.FAILED);
        assertThat(submittingFailed).isFalse();
        assertThat(booking(submitting.bookingId())).usingRecursiveComparison().isEqualTo(beforeRefusal);
        assertThat(events(submitting.bookingId())).isEmpty();
    }

    @Test
    void aConfirmedBookingCannotFailAndNothingIsWritten() {
        UUID id = submittingBooking(BOOKER);
        transitions.confirm(id, order(), false, "req_create");
        Booking confirmed = booking(id);
        List<Change> history = history(id);
        List<OutboxRow> events = events(id);
        clock.advance(Duration.ofSeconds(5));

        boolean failed = transitions.fail(
                id, FailureReason.NO_ORDER_CREATED, "no order", null, "req_late", opsEvent(id, "reconciler_gave_up"));

        assertThat(failed).isFalse();
        assertThat(booking(id)).usingRecursiveComparison().isEqualTo(confirmed);
        assertThat(history(id)).isEqualTo(history);
        assertThat(events(id)).isEqualTo(events);
    }

    @Test
    void opsEventsPassedWithATransitionArePublishedOnTheOpsTopicInTheSameTransaction() {
        UUID failing = submittingBooking(BOOKER);
        UUID confirming = submittingBooking(BOOKER);
        OpsEvent refused = opsEvent(failing, "duffel_error");
        OpsEvent slow = opsEvent(confirming, "duffel_slow");

        transitions.fail(
                failing, FailureReason.INVALID_REQUEST, "Duffel refused the passengers", null, "req_422", refused);
        transitions.confirm(confirming, order(), false, "req_201", slow);

        assertThat(events(failing))
                .extracting(OutboxRow::type)
                .containsExactly("dev.flightpipeline.BookingFailed.v1", "dev.flightpipeline.OpsEvent.v1");
        assertThat(events(failing).getLast()).satisfies(event -> {
            assertIsOps(event, failing.toString());
            assertThat(event.payload(OpsEvent.class)).isEqualTo(refused);
        });
        assertThat(events(confirming))
                .extracting(OutboxRow::type)
                .containsExactly("dev.flightpipeline.BookingConfirmed.v1", "dev.flightpipeline.OpsEvent.v1");
        assertThat(events(confirming).getLast()).satisfies(event -> {
            assertIsOps(event, confirming.toString());
            assertThat(event.payload(OpsEvent.class)).isEqualTo(slow);
        });
    }

    // markUnknown, interruptSubmissions

    @Test
    void aSubmissionWithoutAClearAnswerMakesTheOutcomeUnknownAndTellsTheOperators() {
        BookingRequested request = newRequest();
        transitions.receive(request);
        transitions.startSubmission(request.bookingId(), BOOKER, TOTAL, OFFER_EXPIRES_AT);
        clock.advance(Duration.ofSeconds(130));
        Instant timedOutAt = clock.instant();

        boolean unknown =
                transitions.markUnknown(request.bookingId(), "duffel_timeout", "no answer in 130 s", "req_timeout");

        assertThat(unknown).isTrue();
        Booking booking = booking(request.bookingId());
        assertThat(booking.status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(booking.lastDuffelRequestId()).isEqualTo("req_timeout");
        assertThat(booking.nextCheckAt()).isEqualTo(timedOutAt.plus(CHECK_TIMES.unknownFirstCheck()));
        assertThat(booking.attempts()).isOne();
        assertThat(history(request.bookingId()))
                .last()
                .isEqualTo(new Change("SUBMITTING", "UNKNOWN", "duffel_timeout", "req_timeout"));
        List<OutboxRow> events = events(request.bookingId());
        assertThat(events).hasSize(2);
        assertIsOutcome(events.get(0), request.bookingId(), "dev.flightpipeline.BookingPending.v1");
        assertThat(events.get(0).payload(BookingPending.class))
                .isEqualTo(new BookingPending(
                        request.bookingId(),
                        request.userId(),
                        request.idempotencyKey(),
                        request.offerId(),
                        "duffel_timeout",
                        timedOutAt));
        assertIsOps(events.get(1), request.bookingId().toString());
        assertThat(events.get(1).payload(OpsEvent.class))
                .isEqualTo(new OpsEvent(
                        "outcome_unknown",
                        request.bookingId(),
                        "booker",
                        "no answer in 130 s",
                        Map.of("reason", "duffel_timeout", "duffel_request_id", "req_timeout"),
                        timedOutAt));
    }

    // telling the relay

    @Test
    void theRelayIsToldOnceAfterEachCommitThatWroteEventsAndNeverForARollback() {
        AtomicInteger told = new AtomicInteger();
        TransactionTemplate outer = new TransactionTemplate(transactionManager);
        BookingTransitions telling = telling(outer, told);
        UUID id = receivedBooking();

        telling.publishOps(UUID.randomUUID(), opsEvent(id, "duffel_error"));
        assertThat(told).as("after its own transaction").hasValue(1);

        outer.executeWithoutResult(status -> {
            telling.publishOps(UUID.randomUUID(), opsEvent(id, "duffel_error"));
            assertThat(told).as("not before the caller's transaction commits").hasValue(1);
        });
        assertThat(told).as("once it has").hasValue(2);

        int rowsBefore = events(id).size();
        outer.executeWithoutResult(status -> {
            telling.publishOps(UUID.randomUUID(), opsEvent(id, "duffel_error"));
            status.setRollbackOnly();
        });
        assertThat(told).as("not for a rollback").hasValue(2);
        assertThat(events(id)).hasSize(rowsBefore);
    }

    @Test
    void aConfirmationTellsTheRelayAfterItsCommitAloneOrInTheCallersTransactionAndNeverForARollback() {
        AtomicInteger told = new AtomicInteger();
        TransactionTemplate outer = new TransactionTemplate(transactionManager);
        BookingTransitions telling = telling(outer, told);

        assertThat(telling.confirm(submittingBooking(BOOKER), order(), false, "req_1"))
                .isTrue();
        assertThat(told).as("after its own statement").hasValue(1);

        UUID inCallers = submittingBooking(BOOKER);
        outer.executeWithoutResult(status -> {
            assertThat(telling.confirm(inCallers, order(), false, "req_2")).isTrue();
            assertThat(told).as("not before the caller's transaction commits").hasValue(1);
        });
        assertThat(told).as("once it has").hasValue(2);

        UUID rolledBack = submittingBooking(BOOKER);
        outer.executeWithoutResult(status -> {
            assertThat(telling.confirm(rolledBack, order(), false, "req_3")).isTrue();
            status.setRollbackOnly();
        });
        assertThat(told).as("not for a rollback").hasValue(2);
        assertThat(booking(rolledBack).status()).isEqualTo(BookingStatus.SUBMITTING);
        assertThat(booking(rolledBack).segments()).isEmpty();
        assertThat(events(rolledBack)).isEmpty();

        assertThat(telling.confirm(inCallers, order(), false, "req_4"))
                .as("confirmed before")
                .isFalse();
        assertThat(told).as("not for a confirmation that changed nothing").hasValue(2);
    }

    /** The request received and submitted: its booking's identity. */
    private BookingIdentity submitted(BookingRequested request) {
        transitions.receive(request);
        return transitions
                .startSubmission(request.bookingId(), BOOKER, TOTAL, OFFER_EXPIRES_AT)
                .orElseThrow()
                .identity();
    }

    /** The booking's id with another user, another key, and another offer. */
    private static List<BookingIdentity> othersThan(BookingIdentity identity) {
        return List.of(
                new BookingIdentity(
                        identity.bookingId(), "another-user", identity.idempotencyKey(), identity.offerId()),
                new BookingIdentity(identity.bookingId(), identity.userId(), "another-key", identity.offerId()),
                new BookingIdentity(identity.bookingId(), identity.userId(), identity.idempotencyKey(), "off_other"));
    }

    /** Transitions in {@code transactions} that count in {@code told} each time they tell the relay. */
    private BookingTransitions telling(TransactionTemplate transactions, AtomicInteger told) {
        return new BookingTransitions(
                new JdbcTemplate(dataSource),
                transactions,
                clock,
                "booker",
                CheckTimes.defaults(),
                EventTrace.NONE,
                told::incrementAndGet);
    }

    @Test
    void aBookingNotYetSubmittedCannotBecomeUnknown() {
        UUID id = receivedBooking();

        boolean unknown = transitions.markUnknown(id, "duffel_timeout", "no answer", "req_timeout");

        assertThat(unknown).isFalse();
        assertThat(booking(id).status()).isEqualTo(BookingStatus.RECEIVED);
        assertThat(history(id)).hasSize(1);
        assertThat(events(id)).isEmpty();
    }

    @Test
    void afterARestartOnlyThatBookersSubmittingBookingsBecomeUnknown() {
        String bookerA = "booker-a-" + UUID.randomUUID();
        String bookerB = "booker-b-" + UUID.randomUUID();
        UUID firstOfA = submittingBooking(bookerA);
        UUID secondOfA = submittingBooking(bookerA);
        UUID confirmedOfA = submittingBooking(bookerA);
        transitions.confirm(confirmedOfA, order(), false, "req_create");
        UUID ofB = submittingBooking(bookerB);
        UUID received = receivedBooking();

        int interrupted = transitions.interruptSubmissions(bookerA);

        assertThat(interrupted).isEqualTo(2);
        assertThat(booking(firstOfA).status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(booking(secondOfA).status()).isEqualTo(BookingStatus.UNKNOWN);
        assertThat(booking(confirmedOfA).status()).isEqualTo(BookingStatus.CONFIRMED);
        assertThat(booking(ofB).status()).isEqualTo(BookingStatus.SUBMITTING);
        assertThat(booking(received).status()).isEqualTo(BookingStatus.RECEIVED);
        for (UUID id : List.of(firstOfA, secondOfA)) {
            assertThat(history(id)).last().isEqualTo(new Change("SUBMITTING", "UNKNOWN", "booker_restarted", null));
            List<OutboxRow> events = events(id);
            assertThat(events)
                    .extracting(OutboxRow::topic)
                    .containsExactly(Topics.BOOKING_OUTCOMES, Topics.BOOKING_OPS);
            assertThat(events.get(0).payload(BookingPending.class).reason()).isEqualTo("booker_restarted");
            OpsEvent ops = events.get(1).payload(OpsEvent.class);
            assertThat(ops.kind()).isEqualTo("submission_interrupted");
            assertThat(ops.bookingId()).isEqualTo(id);
            assertThat(ops.attributes()).isEqualTo(Map.of("reason", "booker_restarted"));
        }
        assertThat(events(ofB)).isEmpty();
        assertThat(events(received)).isEmpty();
        assertThat(transitions.interruptSubmissions(bookerA)).isZero();
    }

    // receivedBookings

    @Test
    void receivedBookingsAreListedOldestFirst() {
        // The time orders them, the id only breaks ties: the oldest has the greatest id.
        UUID oldest = receivedBookingWithId(idStartingWith("ffffffff"));
        clock.advance(Duration.ofSeconds(1));
        UUID tiedLater = receivedBookingWithId(idStartingWith("aaaaaaaa"));
        UUID tiedEarlier = receivedBookingWithId(idStartingWith("11111111"));
        UUID submitted = receivedBookingWithId(idStartingWith("00000000"));
        transitions.startSubmission(submitted, BOOKER, TOTAL, OFFER_EXPIRES_AT);
        UUID failed = receivedBookingWithId(idStartingWith("00000001"));
        transitions.fail(failed, FailureReason.OFFER_EXPIRED, "expired", null, null);
        List<UUID> ours = List.of(oldest, tiedLater, tiedEarlier, submitted, failed);

        List<UUID> received = transitions.receivedBookings(10_000);

        // Other tests' bookings share the database: only this test's are looked at.
        assertThat(received).filteredOn(ours::contains).containsExactly(oldest, tiedEarlier, tiedLater);
        assertThat(transitions.receivedBookings(2)).hasSize(2);
    }

    // helpers: requests, orders and bookings in a given state

    private static BookingRequested newRequest() {
        return request("user-" + UUID.randomUUID(), "key-" + UUID.randomUUID(), "off_" + UUID.randomUUID());
    }

    private static BookingRequested request(String user, String key, String offer) {
        return requestWithId(UUID.randomUUID(), user, key, offer);
    }

    private static BookingRequested requestWithId(UUID bookingId, String user, String key, String offer) {
        return new BookingRequested(
                bookingId,
                user,
                key,
                "sha256:" + key,
                offer,
                List.of(
                        passenger("pas_1", "mr", "Tony", "Stark", "m", "1970-05-29", "+442080160509"),
                        passenger("pas_2", "ms", "Pepper", "Potts", "f", "1974-10-12", "+442080160510")),
                EXPECTED_TOTAL,
                NOW);
    }

    private static Passenger passenger(
            String id, String title, String givenName, String familyName, String gender, String bornOn, String phone) {
        return new Passenger(
                id,
                title,
                givenName,
                familyName,
                gender,
                LocalDate.parse(bornOn),
                givenName.toLowerCase() + "@example.com",
                phone);
    }

    private static ConfirmedOrder order() {
        return new ConfirmedOrder(
                "ord_" + UUID.randomUUID(),
                "RZPNX8",
                new BigDecimal("415.20"),
                "GBP",
                List.of(
                        new Segment(
                                0,
                                "seg_1",
                                "LHR",
                                "JFK",
                                LocalDateTime.parse("2026-12-24T10:30"),
                                LocalDateTime.parse("2026-12-24T13:45"),
                                "BA",
                                "117",
                                "AA",
                                "PT8H15M",
                                "Boeing 777-300ER"),
                        new Segment(
                                1,
                                "seg_2",
                                "JFK",
                                "LHR",
                                LocalDateTime.parse("2027-01-02T18:00"),
                                LocalDateTime.parse("2027-01-03T06:10"),
                                "BA",
                                "112",
                                null,
                                "PT7H10M",
                                null)));
    }

    private OpsEvent opsEvent(UUID bookingId, String kind) {
        return new OpsEvent(kind, bookingId, "booker", "Duffel answered 422", Map.of("status", "422"), clock.instant());
    }

    private static void lockRow(Connection connection, UUID id, boolean noWait) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(
                "select id from booking where id = ? for update" + (noWait ? " nowait" : ""))) {
            lock.setObject(1, id);
            lock.executeQuery().close();
        }
    }

    private UUID receivedBooking() {
        return receivedBookingWithId(UUID.randomUUID());
    }

    /** An intake with a recorded booking reduced to the booking's id, for comparing. */
    private static Object kind(Intake intake) {
        return intake instanceof Intake.Recorded recorded ? new RecordedId(recorded.bookingId()) : intake;
    }

    private record RecordedId(UUID bookingId) {}

    private UUID receivedBookingWithId(UUID id) {
        BookingRequested request =
                requestWithId(id, "user-" + UUID.randomUUID(), "key-" + UUID.randomUUID(), "off_" + UUID.randomUUID());
        assertThat(kind(transitions.receive(request))).isEqualTo(new RecordedId(id));
        return id;
    }

    private UUID submittingBooking(String booker) {
        UUID id = receivedBooking();
        assertThat(transitions.startSubmission(id, booker, TOTAL, OFFER_EXPIRES_AT))
                .isPresent();
        return id;
    }

    private UUID unknownBooking() {
        UUID id = submittingBooking(BOOKER);
        assertThat(transitions.markUnknown(id, "duffel_timeout", "no answer", "req_timeout"))
                .isTrue();
        return id;
    }

    private UUID bookingIn(BookingStatus status) {
        return switch (status) {
            case RECEIVED -> receivedBooking();
            case SUBMITTING -> submittingBooking(BOOKER);
            case UNKNOWN -> unknownBooking();
            default -> throw new IllegalArgumentException("no failing from " + status);
        };
    }

    /** A random id whose first eight hex digits are given: PostgreSQL orders uuids by their bytes. */
    private static UUID idStartingWith(String eightHexDigits) {
        return UUID.fromString(eightHexDigits + UUID.randomUUID().toString().substring(8));
    }

    /** Runs the task on that many threads, released together, and returns every result. */
    private static <T> List<T> allAtOnce(int threads, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(30, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    // helpers: reading the database

    private Booking booking(UUID id) {
        return bookings.findById(id).orElseThrow();
    }

    private long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    /** The rows a request can write: bookings, travelers, history and events. */
    private static final String EVERY_BOOKING_ROW = """
            select (select count(*) from booking) + (select count(*) from traveler)
                + (select count(*) from booking_state_change) + (select count(*) from outbox_event)""";

    /** One row of {@code booking_state_change}. */
    record Change(String from, String to, String reason, String duffelRequestId) {}

    private List<Change> history(UUID bookingId) {
        return jdbc.sql("""
                        select from_status, to_status, reason, duffel_request_id from booking_state_change
                        where booking_id = ? order by id""")
                .param(bookingId)
                .query((row, number) -> new Change(
                        row.getString("from_status"),
                        row.getString("to_status"),
                        row.getString("reason"),
                        row.getString("duffel_request_id")))
                .list();
    }

    /** One row of {@code outbox_event}. */
    record OutboxRow(String topic, String key, String type, String json, Map<String, String> headers) {

        <T> T payload(Class<T> type) {
            return EventJson.read(json, type);
        }
    }

    private long outboxPosition() {
        return jdbc.sql("select coalesce(max(id), 0) from outbox_event")
                .query(Long.class)
                .single();
    }

    private List<OutboxRow> events(UUID key) {
        return events(key, 0);
    }

    /** The events with this key written after the given {@link #outboxPosition()}, in order. */
    private List<OutboxRow> events(UUID key, long after) {
        return jdbc.sql("""
                        select topic, message_key, event_type, payload::text, headers::text from outbox_event
                        where message_key = ? and id > ? order by id""")
                .params(key.toString(), after)
                .query((row, number) -> new OutboxRow(
                        row.getString(1),
                        row.getString(2),
                        row.getString(3),
                        row.getString(4),
                        EventJson.mapper().readValue(row.getString(5), new TypeReference<Map<String, String>>() {})))
                .list();
    }

    private static void assertIsOutcome(OutboxRow event, UUID bookingId, String type) {
        assertThat(event.topic()).isEqualTo(Topics.BOOKING_OUTCOMES);
        assertThat(event.key()).isEqualTo(bookingId.toString());
        assertHeaders(event, type, bookingId.toString());
    }

    private static void assertIsOps(OutboxRow event, String key) {
        assertThat(event.topic()).isEqualTo(Topics.BOOKING_OPS);
        assertThat(event.key()).isEqualTo(key);
        assertHeaders(event, "dev.flightpipeline.OpsEvent.v1", key);
    }

    private static void assertHeaders(OutboxRow event, String type, String subject) {
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.headers())
                .containsEntry("ce_type", type)
                .containsEntry("ce_source", "/booker")
                .containsEntry("ce_subject", subject)
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("content-type", "application/json")
                .containsKeys("ce_id", "ce_time");
    }
}
