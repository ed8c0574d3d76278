package dev.flightpipeline.booking;

import dev.flightpipeline.booking.outbox.EventRecords;
import dev.flightpipeline.booking.outbox.EventTrace;
import dev.flightpipeline.booking.outbox.Outbox;
import dev.flightpipeline.booking.outbox.Outbox.StatementPart;
import dev.flightpipeline.booking.outbox.OutboxEvent;
import dev.flightpipeline.events.BookingOutcome;
import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingOutcome.BookingPending;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.FlightSegment;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.OpsEvent;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The booking state machine: every change of a booking's state, each in one database transaction
 * (one for several bookings when they start their submissions together) that moves the row only
 * from the states the machine allows, records the change in the history and writes the events that
 * report it to the outbox.
 *
 * <pre>
 * RECEIVED ──▶ SUBMITTING ──▶ CONFIRMED
 *    │             │  └─────▶ FAILED
 *    └──▶ FAILED   └───────▶ UNKNOWN ──▶ CONFIRMED (late) | FAILED
 * </pre>
 *
 * A transition that finds the booking in another state does nothing and says so: two processes
 * racing for one booking can never both move it.
 */
public final class BookingTransitions {

    /** What became of a request at intake. */
    public sealed interface Intake {
        /** A new booking, RECEIVED, as stored: it is to be submitted. */
        record Recorded(Booking booking) implements Intake {
            public UUID bookingId() {
                return booking.id();
            }
        }

        /** The same request (key and payload) was recorded before: nothing changed. */
        record AlreadyRecorded(UUID bookingId) implements Intake {}

        /** The request did not become a booking; the rejection is published. */
        record Refused(BookingRequestRejected rejection) implements Intake {}

        /**
         * The booking id is another request's (neither its key nor its offer): this request is not
         * valid, nothing was written.
         */
        record IdTaken(UUID bookingId) implements Intake {}
    }

    /** A booking moved to SUBMITTING: the Duffel call may be made. */
    public record Submission(UUID bookingId, int attempt, String userId, String idempotencyKey, String offerId) {
        public BookingIdentity identity() {
            return new BookingIdentity(bookingId, userId, idempotencyKey, offerId);
        }
    }

    /** A submission to start: the booking, and its offer's current total and expiry. */
    public record SubmissionStart(UUID bookingId, Money total, Instant offerExpiresAt) {}

    /**
     * A booking and what its events name besides its id: its user, its request's idempotency key and
     * its offer. None of them ever changes, so one read of the booking gives them for good.
     */
    public record BookingIdentity(UUID bookingId, String userId, String idempotencyKey, String offerId) {

        public static BookingIdentity of(Booking booking) {
            return new BookingIdentity(booking.id(), booking.userId(), booking.idempotencyKey(), booking.offerId());
        }
    }

    /**
     * When the reconciler should look at bookings in each non-terminal state.
     *
     * @param receivedOverdueAfter a booking still RECEIVED this long after it was recorded is overdue
     * @param submittingOverdueAfter a SUBMITTING booking's last call has ended this long after it
     *     started (the call's timeout and a margin): only then is the booking the reconciler's
     * @param unknownFirstCheck the first check of a booking that became UNKNOWN
     */
    public record CheckTimes(
            Duration receivedOverdueAfter, Duration submittingOverdueAfter, Duration unknownFirstCheck) {
        public static CheckTimes defaults() {
            return new CheckTimes(Duration.ofMinutes(2), Duration.ofSeconds(130 + 60), Duration.ofSeconds(10));
        }
    }

    /**
     * A booking the reconciler claimed for one check: what it needs to ask Duffel and to decide, as
     * it was when claimed.
     *
     * @param attempts the booker's Duffel calls so far: a booking whose attempts changed since the
     *     claim is being worked on again and is left alone
     * @param offerExpiresAt null until the booking was submitted
     * @param checks the reconciler's earlier checks of it that found nothing: its backoff
     * @param passengerNames each traveler's "given family" name, in order
     */
    public record DueBooking(
            UUID bookingId,
            BookingStatus status,
            int attempts,
            Instant offerExpiresAt,
            Instant lastAttemptAt,
            Instant createdAt,
            int checks,
            List<String> passengerNames) {

        public DueBooking {
            passengerNames = List.copyOf(passengerNames);
        }

        /**
         * The last moment an order for it could have been created: the offer's expiry, or without one
         * the last call (or the booking's creation).
         */
        public Instant noOrderPossibleAfter() {
            if (offerExpiresAt != null) {
                return offerExpiresAt;
            }
            return lastAttemptAt != null ? lastAttemptAt : createdAt;
        }
    }

    /** The history reasons of the reconciler's checks that left a booking as it was. */
    public static final String NOT_FOUND_YET = "order_not_found_yet";

    public static final String RECEIVED_OVERDUE = "received_overdue";

    /** The part of {@link #move}'s statement that returns the booking it moved, if it did. */
    private static final String MOVED = "moved";
    /**
     * True of every booking that is not terminal (and false of every other), and what the predicate
     * of {@code booking_reconciler_due} says: a query for open bookings that says it as well reads
     * that small index instead of the whole table.
     */
    public static final String OPEN = "next_check_at is not null";
    /** What {@link #identity} reads. */
    private static final String IDENTITY_COLUMNS = "id, user_id, idempotency_key, offer_id";
    /** {@link #receivedBookings}'. Parameter: the limit. */
    static final String RECEIVED_OLDEST_FIRST =
            "select id from booking where status = 'RECEIVED' and " + OPEN + " order by created_at, id limit ?";
    /** {@link #interruptSubmissions}'. Parameter: the booker. */
    static final String SUBMITTING_BY = "select " + IDENTITY_COLUMNS
            + " from booking where status = 'SUBMITTING' and submitted_by = ? and " + OPEN + " order by id";

    /**
     * A request's booking, its travelers and its first history row in one statement, which inserts
     * nothing if the booking's id, key or offer is taken: its update count (the history row's) says
     * which. The travelers come as one array per column, so that the text is the same for any
     * number of them and a poll's inserts go in one batch.
     */
    private static final String INSERT_RECEIVED = """
            with inserted as (
                insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status,
                    expected_total_amount, expected_total_currency, next_check_at, created_at, updated_at, version)
                values (?, ?, ?, ?, ?, 'RECEIVED', ?, ?, ?, ?, ?, 0)
                on conflict do nothing
                returning id),
            travelers as (
                insert into traveler (booking_id, position, passenger_id, title, given_name, family_name,
                    gender, born_on, email, phone_number)
                select inserted.id, t.number - 1, t.passenger_id, t.title, t.given_name, t.family_name,
                    t.gender, cast(t.born_on as date), t.email, t.phone_number
                from inserted,
                    unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]),
                        cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]))
                        with ordinality as t(passenger_id, title, given_name, family_name, gender, born_on,
                            email, phone_number, number))
            insert into booking_state_change (booking_id, from_status, to_status, reason, changed_at)
            select id, null, 'RECEIVED', 'requested', ? from inserted""";

    /**
     * RECEIVED → SUBMITTING for any number of bookings, their rows locked in id order (so that two
     * of these statements cannot deadlock on each other), with their history. The bookings come as
     * one array per column, so that the text is the same for any number of them. Parameters: the
     * arrays (ids, totals, currencies, offer expiry times), now, the booker, now, now.
     */
    private static final String START_SUBMISSIONS = """
            with starting as (
                select cast(s.id as uuid) as id, cast(s.total_amount as numeric) as total_amount,
                    s.total_currency, cast(s.offer_expires_at as timestamptz) as offer_expires_at
                from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as text[]))
                    as s(id, total_amount, total_currency, offer_expires_at)),
            locked as (
                select id, status from booking where id in (select id from starting) order by id for update),
            moved as (
                update booking set status = 'SUBMITTING', attempts = attempts + 1, last_attempt_at = ?,
                    submitted_by = ?, total_amount = starting.total_amount,
                    total_currency = starting.total_currency, offer_expires_at = starting.offer_expires_at,
                    claimed_until = null, updated_at = ?, version = version + 1
                from locked, starting
                where booking.id = locked.id and starting.id = locked.id and locked.status = 'RECEIVED'
                returning booking.id, booking.user_id, booking.idempotency_key, booking.offer_id, booking.attempts),
            recorded as (
                insert into booking_state_change (booking_id, from_status, to_status, reason, changed_at)
                select id, 'RECEIVED', 'SUBMITTING', 'submitting', ? from moved)
            select id, user_id, idempotency_key, offer_id, attempts from moved""";

    private static final Set<BookingStatus> BEFORE_ANSWER =
            EnumSet.of(BookingStatus.RECEIVED, BookingStatus.SUBMITTING, BookingStatus.UNKNOWN);
    private static final Set<BookingStatus> AWAITING_ORDER =
            EnumSet.of(BookingStatus.SUBMITTING, BookingStatus.UNKNOWN);

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final TransactionTemplate transactions;
    private final Outbox outbox;
    private final Clock clock;
    private final String component;
    private final CheckTimes checkTimes;

    /** State changes whose events carry no trace. */
    public BookingTransitions(
            JdbcTemplate template,
            TransactionTemplate transactions,
            Clock clock,
            String component,
            CheckTimes checkTimes) {
        this(template, transactions, clock, component, checkTimes, EventTrace.NONE, () -> {});
    }

    /**
     * @param component the service making the changes, e.g. {@code booker}: the events' source
     * @param trace the trace each event is written in, published with it
     * @param eventsCommitted run after each commit that wrote events (to wake the outbox relay);
     *     must be cheap
     */
    public BookingTransitions(
            JdbcTemplate template,
            TransactionTemplate transactions,
            Clock clock,
            String component,
            CheckTimes checkTimes,
            EventTrace trace,
            Runnable eventsCommitted) {
        this.jdbc = JdbcClient.create(template);
        this.template = template;
        this.transactions = transactions;
        this.outbox = new Outbox(this.jdbc, trace, eventsCommitted);
        this.clock = clock;
        this.component = component;
        this.checkTimes = checkTimes;
    }

    /**
     * Records a request as a RECEIVED booking, once: the same request again changes nothing; the
     * same key with another payload, or an offer another booking holds, is refused. Joins the
     * caller's transaction if there is one, and never fails it for a request that cannot be taken:
     * that is an {@link Intake} too.
     */
    public Intake receive(BookingRequested request) {
        return transactions.execute(status -> recordNew(List.of(request))
                .getFirst()
                .<Intake>map(recorded -> recorded)
                .orElseGet(() -> notInserted(request, now())));
    }

    /**
     * Records the requests that are new as RECEIVED bookings, in order, their inserts sent as one
     * JDBC batch (one round trip for up to about 250 of them: the driver reads the results when the
     * answers it expects could fill its buffer): how the booker takes a poll's requests. A request
     * whose booking id, key or offer is taken writes nothing here; {@link #receive} says what
     * becomes of it (it tries the insert again, which records it if the offer's holder failed
     * meanwhile). Joins the caller's transaction if there is one.
     *
     * @return for each request in order, the booking recorded, or empty if it was not new
     */
    public List<Optional<Intake.Recorded>> recordNew(List<BookingRequested> requests) {
        if (requests.isEmpty()) {
            return List.of();
        }
        return transactions.execute(status -> {
            Instant now = now();
            List<Booking> bookings =
                    requests.stream().map(request -> received(request, now)).toList();
            int[] inserted = template.batchUpdate(
                    INSERT_RECEIVED,
                    bookings.stream().map(BookingTransitions::insertParams).toList());
            List<Optional<Intake.Recorded>> recorded = new ArrayList<>(requests.size());
            for (int index = 0; index < requests.size(); index++) {
                recorded.add(
                        inserted[index] == 1
                                ? Optional.of(new Intake.Recorded(bookings.get(index)))
                                : Optional.empty());
            }
            return recorded;
        });
    }

    /** Now, as the database keeps it: the booking handed over at intake is the booking as stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Why a request's insert wrote nothing: its key, its offer or its booking id is taken. */
    private Intake notInserted(BookingRequested request, Instant now) {
        Optional<Map<String, Object>> sameKey =
                jdbc.sql("""
                        select id, request_fingerprint from booking
                        where user_id = ? and idempotency_key = ?""").params(request.userId(), request.idempotencyKey()).query().listOfRows().stream()
                        .findFirst();
        if (sameKey.isPresent()) {
            UUID existing = (UUID) sameKey.get().get("id");
            return request.requestFingerprint().equals(sameKey.get().get("request_fingerprint"))
                    ? new Intake.AlreadyRecorded(existing)
                    : refuse(request, "idempotency_key_reused", existing, now);
        }
        Optional<Map<String, Object>> holder = jdbc.sql("""
                        select id, user_id from booking where offer_id = ? and failure_code is null""").param(request.offerId()).query().listOfRows().stream()
                .findFirst();
        if (holder.isPresent()) {
            return request.userId().equals(holder.get().get("user_id"))
                    ? refuse(request, "offer_booked_by_you", (UUID) holder.get().get("id"), now)
                    : refuse(request, "offer_already_booked", null, now);
        }
        // Neither the key nor the offer: the booking id itself is taken, by another request.
        return new Intake.IdTaken(request.bookingId());
    }

    /** {@link #INSERT_RECEIVED}'s parameters: the booking's columns, its travelers' and its history's. */
    private static Object[] insertParams(Booking booking) {
        List<Traveler> travelers = booking.travelers();
        return new Object[] {
            booking.id(),
            booking.userId(),
            booking.idempotencyKey(),
            booking.requestFingerprint(),
            booking.offerId(),
            booking.expectedTotalAmount(),
            booking.expectedTotalCurrency(),
            timestamp(booking.nextCheckAt()),
            timestamp(booking.createdAt()),
            timestamp(booking.updatedAt()),
            column(travelers, Traveler::passengerId),
            column(travelers, Traveler::title),
            column(travelers, Traveler::givenName),
            column(travelers, Traveler::familyName),
            column(travelers, Traveler::gender),
            column(
                    travelers,
                    traveler ->
                            traveler.bornOn() == null ? null : traveler.bornOn().toString()),
            column(travelers, Traveler::email),
            column(travelers, Traveler::phoneNumber),
            timestamp(booking.createdAt())
        };
    }

    /**
     * One column of rows as a statement takes them in an array parameter ({@link #INSERT_RECEIVED}'s
     * travelers, {@link #START_SUBMISSIONS}' bookings): the rows' values, in order.
     */
    private static <T> String[] column(List<T> rows, Function<T, String> value) {
        return rows.stream().map(value).toArray(String[]::new);
    }

    /** The booking a request becomes, as {@link #INSERT_RECEIVED} writes it and a read of it returns it. */
    private Booking received(BookingRequested request, Instant now) {
        Money expected = request.expectedTotal();
        List<Traveler> travelers = request.passengers().stream()
                .map(passenger -> new Traveler(
                        passenger.id(),
                        passenger.title(),
                        passenger.givenName(),
                        passenger.familyName(),
                        passenger.gender(),
                        passenger.bornOn(),
                        passenger.email(),
                        passenger.phoneNumber()))
                .toList();
        return Booking.received(
                        request.bookingId(),
                        request.userId(),
                        request.idempotencyKey(),
                        request.requestFingerprint(),
                        request.offerId(),
                        expected == null ? null : expected.decimal(),
                        expected == null ? null : expected.currency(),
                        travelers,
                        now,
                        checkTimes.receivedOverdueAfter())
                .withVersion(0L);
    }

    private Intake refuse(BookingRequested request, String reason, UUID existing, Instant now) {
        BookingRequestRejected rejection = new BookingRequestRejected(
                request.bookingId(),
                request.userId(),
                request.idempotencyKey(),
                request.offerId(),
                reason,
                existing,
                now);
        // A redelivered request refuses with the same event id, so the rejection is published once.
        UUID eventId = UUID.nameUUIDFromBytes(
                ("rejected:" + request.bookingId() + ":" + reason).getBytes(StandardCharsets.UTF_8));
        outbox.append(EventRecords.outcome(eventId, rejection, source()));
        return new Intake.Refused(rejection);
    }

    /**
     * RECEIVED → SUBMITTING, the attempt recorded, just before the order is sent to Duffel. For one
     * booking a statement of its own, which costs PostgreSQL less than {@link #startSubmissions}'
     * arrays do.
     *
     * @param submittedBy the booker instance, which after a crash turns its own SUBMITTING bookings
     *     into UNKNOWN
     * @return empty if the booking is no longer RECEIVED (someone else submitted or closed it)
     */
    public Optional<Submission> startSubmission(
            UUID bookingId, String submittedBy, Money total, Instant offerExpiresAt) {
        // One statement: a transaction of its own would only add the round trip of its commit.
        Instant now = clock.instant();
        return move(
                        bookingId,
                        EnumSet.of(BookingStatus.RECEIVED),
                        BookingStatus.SUBMITTING,
                        """
                            status = 'SUBMITTING', attempts = attempts + 1, last_attempt_at = ?, submitted_by = ?,
                                total_amount = ?, total_currency = ?, offer_expires_at = ?""",
                        Arrays.asList(
                                timestamp(now),
                                submittedBy,
                                total.decimal(),
                                total.currency(),
                                timestamp(offerExpiresAt)),
                        "submitting",
                        null,
                        now)
                .map(moved -> moved.submission(bookingId));
    }

    /**
     * RECEIVED → SUBMITTING for each of these bookings that is still RECEIVED, the attempt recorded,
     * in one statement: how a booker starts the submissions of bookings that reach that step
     * together. A booking in another state is left as it is (someone else submitted or closed it).
     *
     * @param submittedBy the booker instance, which after a crash turns its own SUBMITTING bookings
     *     into UNKNOWN
     * @return the submissions started, by booking id
     */
    public Map<UUID, Submission> startSubmissions(List<SubmissionStart> starts, String submittedBy) {
        if (starts.isEmpty()) {
            return Map.of();
        }
        if (starts.size() == 1) {
            SubmissionStart only = starts.getFirst();
            return startSubmission(only.bookingId(), submittedBy, only.total(), only.offerExpiresAt())
                    .map(submission -> Map.of(submission.bookingId(), submission))
                    .orElse(Map.of());
        }
        Instant now = clock.instant();
        return jdbc
                .sql(START_SUBMISSIONS)
                .params(
                        column(starts, start -> start.bookingId().toString()),
                        column(starts, start -> start.total().decimal().toPlainString()),
                        column(starts, start -> start.total().currency()),
                        column(
                                starts,
                                start -> start.offerExpiresAt() == null
                                        ? null
                                        : start.offerExpiresAt().toString()),
                        timestamp(now),
                        submittedBy,
                        timestamp(now),
                        timestamp(now))
                .query((row, number) -> new Submission(
                        row.getObject("id", UUID.class),
                        row.getInt("attempts"),
                        row.getString("user_id"),
                        row.getString("idempotency_key"),
                        row.getString("offer_id")))
                .list()
                .stream()
                .collect(Collectors.toMap(Submission::bookingId, Function.identity()));
    }

    /**
     * SUBMITTING stays SUBMITTING with one more attempt: Duffel refused before creating anything
     * (a 429, a 503) and the order is sent again.
     */
    public Optional<Submission> retrySubmission(UUID bookingId, String why, String duffelRequestId) {
        Instant now = clock.instant();
        return move(
                        bookingId,
                        EnumSet.of(BookingStatus.SUBMITTING),
                        BookingStatus.SUBMITTING,
                        """
                            attempts = attempts + 1, last_attempt_at = ?,
                                last_duffel_request_id = coalesce(?, last_duffel_request_id)""",
                        Arrays.asList(timestamp(now), duffelRequestId),
                        why,
                        duffelRequestId,
                        now)
                .map(moved -> moved.submission(bookingId));
    }

    /**
     * SUBMITTING or UNKNOWN → CONFIRMED with the order, its segments stored, BookingConfirmed
     * published: {@link #confirm(BookingIdentity, ConfirmedOrder, boolean, String, OpsEvent...)} for a
     * booking known by its id alone (one more read).
     *
     * @return false if the booking was not awaiting an order (already confirmed or failed), or does
     *     not exist
     */
    public boolean confirm(
            UUID bookingId, ConfirmedOrder order, boolean late, String duffelRequestId, OpsEvent... alsoPublish) {
        Optional<BookingIdentity> booking = identityOf(bookingId);
        return booking.isPresent() && confirm(booking.get(), order, late, duffelRequestId, alsoPublish);
    }

    /**
     * SUBMITTING or UNKNOWN → CONFIRMED with the order, its segments stored, BookingConfirmed
     * published, in one statement: the change, its history, the segments and the events are one
     * round trip (they were four, with the commit). The event is built from {@code booking}, which
     * the change requires the row to match.
     *
     * @param late found after the booker's own call ended without an answer
     * @return false if the booking was not awaiting an order (already confirmed or failed)
     * @throws IllegalArgumentException if {@code booking} names another user, key or offer than the
     *     booking's (nothing is written)
     */
    public boolean confirm(
            BookingIdentity booking,
            ConfirmedOrder order,
            boolean late,
            String duffelRequestId,
            OpsEvent... alsoPublish) {
        Instant now = clock.instant();
        BookingConfirmed confirmed = new BookingConfirmed(
                booking.bookingId(),
                booking.userId(),
                booking.idempotencyKey(),
                booking.offerId(),
                order.duffelOrderId(),
                order.bookingReference(),
                Money.of(order.totalAmount(), order.totalCurrency()),
                late,
                order.segments().stream().map(BookingTransitions::flight).toList(),
                now);
        List<OutboxEvent> events = outcomeAndOps(confirmed, alsoPublish);
        List<StatementPart> alsoWritten = new ArrayList<>();
        if (!order.segments().isEmpty()) {
            alsoWritten.add(segmentsInsert(booking.bookingId(), order.segments()));
        }
        alsoWritten.add(outbox.appendWith(MOVED, events));
        Optional<Moved> moved = move(
                booking.bookingId(),
                AWAITING_ORDER,
                BookingStatus.CONFIRMED,
                """
                status = 'CONFIRMED', duffel_order_id = ?, booking_reference = ?, total_amount = ?,
                    total_currency = ?, late = ?, last_duffel_request_id = coalesce(?, last_duffel_request_id),
                    next_check_at = null""",
                Arrays.asList(
                        order.duffelOrderId(),
                        order.bookingReference(),
                        order.totalAmount(),
                        order.totalCurrency(),
                        late,
                        duffelRequestId),
                late ? "confirmed late" : "confirmed",
                duffelRequestId,
                now,
                booking,
                alsoWritten);
        return movedWithEvents(moved, booking);
    }

    /** The booking's identity, if it exists. */
    private Optional<BookingIdentity> identityOf(UUID bookingId) {
        return jdbc.sql("select " + IDENTITY_COLUMNS + " from booking where id = ?")
                .param(bookingId)
                .query(BookingTransitions::identity)
                .optional();
    }

    private static BookingIdentity identity(ResultSet row, int number) throws SQLException {
        return new BookingIdentity(
                row.getObject("id", UUID.class),
                row.getString("user_id"),
                row.getString("idempotency_key"),
                row.getString("offer_id"));
    }

    /** After a change that required {@code expected} moved nothing: a caller naming another booking is a bug. */
    private void requireIdentity(BookingIdentity expected) {
        identityOf(expected.bookingId())
                .filter(actual -> !actual.equals(expected))
                .ifPresent(actual -> {
                    throw new IllegalArgumentException("booking " + expected.bookingId()
                            + " has another user, idempotency key or offer than the caller named; nothing was changed");
                });
    }

    /**
     * {@link #fail(BookingIdentity, FailureReason, String, Money, String, OpsEvent...)} for a booking
     * known by its id: its identity is read first.
     *
     * @return false if the booking was already terminal, or does not exist
     */
    public boolean fail(
            UUID bookingId,
            FailureReason reason,
            String message,
            Money currentTotal,
            String duffelRequestId,
            OpsEvent... alsoPublish) {
        Optional<BookingIdentity> booking = identityOf(bookingId);
        return booking.isPresent() && fail(booking.get(), reason, message, currentTotal, duffelRequestId, alsoPublish);
    }

    /**
     * RECEIVED, SUBMITTING or UNKNOWN → FAILED, BookingFailed published: no order exists and none
     * will. One statement, as {@link #confirm(BookingIdentity, ConfirmedOrder, boolean, String,
     * OpsEvent...)}: the change, its history and the events.
     *
     * @param currentTotal the offer's price now, with {@link FailureReason#PRICE_CHANGED}
     * @return false if the booking was already terminal
     * @throws IllegalArgumentException if {@code booking} names another user, key or offer than the
     *     booking's (nothing is written)
     */
    public boolean fail(
            BookingIdentity booking,
            FailureReason reason,
            String message,
            Money currentTotal,
            String duffelRequestId,
            OpsEvent... alsoPublish) {
        return fail(booking, BEFORE_ANSWER, reason, message, currentTotal, duffelRequestId, alsoPublish);
    }

    /**
     * RECEIVED → FAILED, BookingFailed published: the booking was refused before its order was sent
     * (the offer expired, its price changed, it could not be read). Unlike {@link
     * #fail(BookingIdentity, FailureReason, String, Money, String, OpsEvent...)}, a booking another
     * booker has meanwhile started to submit is left to that submission: its order may be on its way.
     *
     * @return false if the booking was no longer RECEIVED
     * @throws IllegalArgumentException if {@code booking} names another user, key or offer than the
     *     booking's (nothing is written)
     */
    public boolean failBeforeSubmission(
            BookingIdentity booking,
            FailureReason reason,
            String message,
            Money currentTotal,
            String duffelRequestId,
            OpsEvent... alsoPublish) {
        return fail(
                booking,
                EnumSet.of(BookingStatus.RECEIVED),
                reason,
                message,
                currentTotal,
                duffelRequestId,
                alsoPublish);
    }

    private boolean fail(
            BookingIdentity booking,
            Set<BookingStatus> allowed,
            FailureReason reason,
            String message,
            Money currentTotal,
            String duffelRequestId,
            OpsEvent... alsoPublish) {
        Instant now = clock.instant();
        BookingFailed failed = new BookingFailed(
                booking.bookingId(),
                booking.userId(),
                booking.idempotencyKey(),
                booking.offerId(),
                reason.code(),
                message,
                currentTotal,
                now);
        List<OutboxEvent> events = outcomeAndOps(failed, alsoPublish);
        Optional<Moved> moved = move(
                booking.bookingId(),
                allowed,
                BookingStatus.FAILED,
                """
                status = 'FAILED', failure_code = ?, failure_reason = ?,
                    total_amount = coalesce(?, total_amount), total_currency = coalesce(?, total_currency),
                    last_duffel_request_id = coalesce(?, last_duffel_request_id), next_check_at = null""",
                Arrays.asList(
                        reason.code(),
                        message,
                        currentTotal == null ? null : currentTotal.decimal(),
                        currentTotal == null ? null : currentTotal.currency(),
                        duffelRequestId),
                reason.code(),
                duffelRequestId,
                now,
                booking,
                List.of(outbox.appendWith(MOVED, events)));
        return movedWithEvents(moved, booking);
    }

    /** A booking's outcome event and the ops events that go with it, as outbox rows. */
    private List<OutboxEvent> outcomeAndOps(BookingOutcome outcome, OpsEvent... alsoPublish) {
        List<OutboxEvent> events = new ArrayList<>();
        events.add(EventRecords.outcome(UUID.randomUUID(), outcome, source()));
        for (OpsEvent event : alsoPublish) {
            events.add(EventRecords.ops(UUID.randomUUID(), event, source()));
        }
        return events;
    }

    /** After a move that carried its events: false if nothing moved (the caller named its own booking). */
    private boolean movedWithEvents(Optional<Moved> moved, BookingIdentity booking) {
        if (moved.isEmpty()) {
            requireIdentity(booking);
            return false;
        }
        outbox.appendedInStatement();
        return true;
    }

    /**
     * SUBMITTING → UNKNOWN: the Duffel call ended without a clear answer, so the order may exist.
     * BookingPending and an {@code outcome_unknown} ops event are published; the reconciler takes
     * over. Never sent again blindly.
     *
     * @param reason {@code duffel_accepted} (a 202) or {@code duffel_no_answer} (a timeout, a reset, a 500 or 502)
     * @return false if the booking was no longer SUBMITTING
     */
    public boolean markUnknown(UUID bookingId, String reason, String detail, String duffelRequestId) {
        Optional<BookingIdentity> booking = identityOf(bookingId);
        return booking.isPresent() && markUnknown(booking.get(), reason, detail, duffelRequestId);
    }

    /**
     * {@link #markUnknown(UUID, String, String, String)} in one statement, for the booking {@code
     * booking} names.
     *
     * @throws IllegalArgumentException if {@code booking} names another user, key or offer than the
     *     booking's (nothing is written)
     */
    public boolean markUnknown(BookingIdentity booking, String reason, String detail, String duffelRequestId) {
        return markUnknown(booking, reason, detail, duffelRequestId, "outcome_unknown");
    }

    /**
     * After a crash: the SUBMITTING bookings of this booker instance become UNKNOWN (the call may
     * have reached Duffel), each with its events.
     *
     * @return how many
     */
    public int interruptSubmissions(String submittedBy) {
        List<BookingIdentity> interrupted = jdbc.sql(SUBMITTING_BY)
                .param(submittedBy)
                .query(BookingTransitions::identity)
                .list();
        int moved = 0;
        for (BookingIdentity booking : interrupted) {
            boolean done = markUnknown(
                    booking,
                    "booker_restarted",
                    "the booker stopped while this booking's order was being sent",
                    null,
                    "submission_interrupted");
            moved += done ? 1 : 0;
        }
        return moved;
    }

    private boolean markUnknown(
            BookingIdentity booking, String reason, String detail, String duffelRequestId, String opsKind) {
        Instant now = clock.instant();
        UUID bookingId = booking.bookingId();
        Map<String, String> attributes = duffelRequestId == null
                ? Map.of("reason", reason)
                : Map.of("reason", reason, "duffel_request_id", duffelRequestId);
        List<OutboxEvent> events = outcomeAndOps(
                new BookingPending(
                        bookingId, booking.userId(), booking.idempotencyKey(), booking.offerId(), reason, now),
                new OpsEvent(opsKind, bookingId, component, detail, attributes, now));
        Optional<Moved> moved = move(
                bookingId,
                EnumSet.of(BookingStatus.SUBMITTING),
                BookingStatus.UNKNOWN,
                "status = 'UNKNOWN', last_duffel_request_id = coalesce(?, last_duffel_request_id), next_check_at = ?",
                Arrays.asList(duffelRequestId, timestamp(now.plus(checkTimes.unknownFirstCheck()))),
                reason,
                duffelRequestId,
                now,
                booking,
                List.of(outbox.appendWith(MOVED, events)));
        return movedWithEvents(moved, booking);
    }

    /** Publishes an ops event that goes with no state change (a 429 wave, a dead-lettered request). */
    public void publishOps(UUID eventId, OpsEvent event) {
        transactions.executeWithoutResult(status -> outbox.append(EventRecords.ops(eventId, event, source())));
    }

    /**
     * The claim of {@link #claimDue}, shared with the test and the benchmark that check its plan (due
     * bookings found through the partial index {@code booking_reconciler_due}, never a scan of every
     * booking). One statement: it finds and locks the due bookings, sets their {@code claimed_until},
     * and returns them with their passengers, oldest due first. {@code claimed_until} is in no index,
     * so each claimed row's new version is a HOT update and writes no index entry.
     *
     * <p>A SUBMITTING booking is due only once its last call can have ended as well: starting a
     * submission leaves {@code next_check_at} as it was (so that it stays a HOT update), and the call
     * it started may still be under way when that time comes.
     *
     * <p>Parameters: now (the due time), now (the claims that ran out), now less the calls' overdue
     * time ({@link CheckTimes#submittingOverdueAfter()}), the limit, the claim's end.
     */
    public static final String CLAIM_DUE_QUERY = """
            with due as (
                select b.id, b.next_check_at
                from booking b
                where b.status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN') and b.next_check_at <= ?
                    and (b.claimed_until is null or b.claimed_until <= ?)
                    and (b.status <> 'SUBMITTING' or b.last_attempt_at <= ?)
                order by b.next_check_at, b.id
                limit ?
                for update of b skip locked),
            claimed as (
                update booking b set claimed_until = ?
                from due
                where b.id = due.id
                returning b.id, b.status, b.attempts, b.offer_expires_at, b.last_attempt_at, b.created_at,
                    b.reconciler_checks, due.next_check_at)
            select c.*,
                (select coalesce(array_agg(t.given_name || ' ' || t.family_name order by t.position), '{}')
                 from traveler t where t.booking_id = c.id) as passenger_names
            from claimed c
            order by c.next_check_at, c.id""";

    /**
     * Claims up to {@code limit} bookings due for a reconciler check (RECEIVED, SUBMITTING or UNKNOWN
     * with {@code next_check_at} passed, a SUBMITTING one's last call also {@link
     * CheckTimes#submittingOverdueAfter()} ago, and not claimed by a reconciler now), oldest due first, for
     * {@code lease}. Rows another reconciler is claiming are skipped, and once committed the claim
     * keeps them from every other reconciler until it runs out: a reconciler that stops mid-check
     * leaves its bookings to be claimed again then. Whatever next moves the booking (a check, a state
     * change, a postponement) ends the claim. Not a state change: no history, no event.
     */
    public List<DueBooking> claimDue(int limit, Duration lease) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            return jdbc.sql(CLAIM_DUE_QUERY)
                    .params(
                            timestamp(now),
                            timestamp(now),
                            timestamp(now.minus(checkTimes.submittingOverdueAfter())),
                            limit,
                            timestamp(now.plus(lease)))
                    .query((row, number) -> new DueBooking(
                            row.getObject("id", UUID.class),
                            BookingStatus.valueOf(row.getString("status")),
                            row.getInt("attempts"),
                            instant(row.getTimestamp("offer_expires_at")),
                            instant(row.getTimestamp("last_attempt_at")),
                            instant(row.getTimestamp("created_at")),
                            row.getInt("reconciler_checks"),
                            List.of((String[]) row.getArray("passenger_names").getArray())))
                    .list();
        });
    }

    /**
     * The reconciler checked a claimed booking and it stays as it is: no order on Duffel yet (or, for
     * a RECEIVED booking, it is the booker's to send). Its next check is {@code wait} from now; the
     * check is recorded in the history (same state to same state), and an overdue RECEIVED booking is
     * reported on the ops topic.
     *
     * @return false if the booking moved on since it was claimed (it is left as it is now)
     */
    public boolean recheckLater(DueBooking claimed, Duration wait, String detail, String duffelRequestId) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = clock.instant();
            if (lockAsClaimed(claimed).isEmpty()) {
                return false;
            }
            jdbc.sql("""
                            update booking set next_check_at = ?, claimed_until = null,
                                reconciler_checks = reconciler_checks + 1, updated_at = ?, version = version + 1
                            where id = ?""")
                    .params(timestamp(now.plus(wait)), timestamp(now), claimed.bookingId())
                    .update();
            boolean received = claimed.status() == BookingStatus.RECEIVED;
            history(
                    claimed.bookingId(),
                    claimed.status(),
                    claimed.status(),
                    received ? RECEIVED_OVERDUE : NOT_FOUND_YET,
                    duffelRequestId,
                    now);
            if (received) {
                publishAll(new OpsEvent(
                        RECEIVED_OVERDUE,
                        claimed.bookingId(),
                        component,
                        detail,
                        Map.of("checks", String.valueOf(claimed.checks() + 1)),
                        now));
            }
            return true;
        }));
    }

    /**
     * Gives a claimed booking back unchecked, to be claimed again at {@code at} (Duffel could not be
     * asked: rate limited, unreachable). Not a state change and not a check: no history, no event.
     *
     * @return false if the booking moved on since it was claimed
     */
    public boolean postpone(DueBooking claimed, Instant at) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            if (lockAsClaimed(claimed).isEmpty()) {
                return false;
            }
            jdbc.sql("update booking set next_check_at = ?, claimed_until = null where id = ?")
                    .params(timestamp(at), claimed.bookingId())
                    .update();
            return true;
        }));
    }

    /**
     * SUBMITTING or UNKNOWN → FAILED {@link FailureReason#NO_ORDER_CREATED}: the reconciler found no
     * order for it on Duffel after its offer expired and the grace passed, so none will come.
     * BookingFailed and a {@code closed_by_reconciler} ops event are published.
     *
     * @return false if the booking moved on since it was claimed (confirmed, failed, or sent again by
     *     the booker), so that no booking with a call in flight is closed
     */
    public boolean closeWithoutOrder(DueBooking claimed, String message) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            Optional<Locked> locked = lockAsClaimed(claimed);
            if (locked.isEmpty() || !AWAITING_ORDER.contains(locked.get().status())) {
                return false;
            }
            // Joins this transaction: the check above and the change are one.
            return fail(
                    claimed.bookingId(),
                    FailureReason.NO_ORDER_CREATED,
                    message,
                    null,
                    null,
                    new OpsEvent(
                            "closed_by_reconciler",
                            claimed.bookingId(),
                            component,
                            message,
                            Map.of("reason", FailureReason.NO_ORDER_CREATED.code()),
                            clock.instant()));
        }));
    }

    /**
     * SUBMITTING or UNKNOWN → CONFIRMED, late: the reconciler found the booking's order on Duffel.
     * BookingConfirmed and a {@code reconciled_late} ops event are published.
     *
     * @return false if the booking was not awaiting an order (already confirmed or failed)
     */
    public boolean attachLateOrder(UUID bookingId, ConfirmedOrder order, String duffelRequestId) {
        return confirm(
                bookingId,
                order,
                true,
                duffelRequestId,
                new OpsEvent(
                        "reconciled_late",
                        bookingId,
                        component,
                        "the reconciler found the booking's order on Duffel",
                        Map.of("duffel_order_id", order.duffelOrderId()),
                        clock.instant()));
    }

    /** The claimed booking, locked, if it is still in the state and attempt it was claimed in. */
    private Optional<Locked> lockAsClaimed(DueBooking claimed) {
        Optional<Integer> attempts = jdbc.sql("select attempts from booking where id = ? for update")
                .param(claimed.bookingId())
                .query(Integer.class)
                .optional();
        if (attempts.isEmpty() || attempts.get() != claimed.attempts()) {
            return Optional.empty();
        }
        return lockIn(claimed.bookingId(), EnumSet.of(claimed.status()));
    }

    /**
     * The RECEIVED bookings, oldest first: requests recorded but not yet submitted. Read through
     * {@code booking_reconciler_due} ({@link #OPEN}), not the whole table.
     */
    public List<UUID> receivedBookings(int limit) {
        return jdbc.sql(RECEIVED_OLDEST_FIRST).param(limit).query(UUID.class).list();
    }

    private void publishAll(OpsEvent... events) {
        for (OpsEvent event : events) {
            outbox.append(EventRecords.ops(UUID.randomUUID(), event, source()));
        }
    }

    private record Locked(BookingStatus status, String userId, String idempotencyKey, String offerId) {}

    /** A booking {@link #move} changed: the state it was in, and what its events and submissions name. */
    private record Moved(BookingStatus from, String userId, String idempotencyKey, String offerId, int attempts) {
        Submission submission(UUID bookingId) {
            return new Submission(bookingId, attempts, userId, idempotencyKey, offerId);
        }
    }

    /**
     * Moves a booking in one statement (one round trip, where locking, updating and recording took
     * three): locks its row, applies {@code changes} only if it is in one of the {@code allowed}
     * states, sets its update time and version, ends a reconciler's claim on it (what the claimer
     * finds then is no longer what it claimed), and records the change in the history. Empty, with
     * nothing written, if it was in another state. Under read committed the lock waits for a
     * concurrent change and the state is checked as that change left it.
     *
     * @param changes the update's assignments, with {@code ?} for {@code changeParams}
     */
    private Optional<Moved> move(
            UUID bookingId,
            Set<BookingStatus> allowed,
            BookingStatus to,
            String changes,
            List<Object> changeParams,
            String reason,
            String duffelRequestId,
            Instant now) {
        return move(bookingId, allowed, to, changes, changeParams, reason, duffelRequestId, now, null, List.of());
    }

    /**
     * {@link #move}, which also requires the booking to be {@code expected} (unless null) and writes
     * {@code alsoWritten} in the same statement: inserts that select {@code from moved}, so that
     * they write nothing if the booking did not move.
     */
    private Optional<Moved> move(
            UUID bookingId,
            Set<BookingStatus> allowed,
            BookingStatus to,
            String changes,
            List<Object> changeParams,
            String reason,
            String duffelRequestId,
            Instant now,
            BookingIdentity expected,
            List<StatementPart> alsoWritten) {
        String states = allowed.stream().map(state -> "'" + state.name() + "'").collect(Collectors.joining(", "));
        List<Object> params = new ArrayList<>();
        params.add(bookingId);
        params.addAll(changeParams);
        params.add(timestamp(now));
        String expectedCondition = "";
        if (expected != null) {
            expectedCondition = " and booking.user_id = ? and booking.idempotency_key = ? and booking.offer_id = ?";
            params.addAll(List.of(expected.userId(), expected.idempotencyKey(), expected.offerId()));
        }
        params.addAll(Arrays.asList(to.name(), reason, duffelRequestId, timestamp(now)));
        StringBuilder further = new StringBuilder();
        for (int part = 0; part < alsoWritten.size(); part++) {
            further.append(",\nalso_")
                    .append(part)
                    .append(" as (")
                    .append(alsoWritten.get(part).sql())
                    .append(")");
            params.addAll(alsoWritten.get(part).params());
        }
        return jdbc.sql("""
                        with locked as (select id, status from booking where id = ? for update),
                        moved as (
                            update booking set %s, claimed_until = null, updated_at = ?, version = version + 1
                            from locked
                            where booking.id = locked.id and locked.status in (%s)%s
                            returning booking.id, locked.status as from_status, booking.user_id,
                                booking.idempotency_key, booking.offer_id, booking.attempts),
                        recorded as (
                            insert into booking_state_change (booking_id, from_status, to_status, reason,
                                duffel_request_id, changed_at)
                            select id, from_status, ?, ?, ?, ? from moved)%s
                        select from_status, user_id, idempotency_key, offer_id, attempts from moved""".formatted(changes, states, expectedCondition, further))
                .params(params)
                .query((row, number) -> new Moved(
                        BookingStatus.valueOf(row.getString("from_status")),
                        row.getString("user_id"),
                        row.getString("idempotency_key"),
                        row.getString("offer_id"),
                        row.getInt("attempts")))
                .optional();
    }

    private Optional<Locked> lockIn(UUID bookingId, Set<BookingStatus> allowed) {
        return jdbc.sql("select status, user_id, idempotency_key, offer_id from booking where id = ? for update")
                .param(bookingId)
                .query((row, number) -> new Locked(
                        BookingStatus.valueOf(row.getString("status")),
                        row.getString("user_id"),
                        row.getString("idempotency_key"),
                        row.getString("offer_id")))
                .optional()
                .filter(booking -> allowed.contains(booking.status()));
    }

    /**
     * The order's flights, as one insert of the move's statement. A booking gets its segments only as
     * it is confirmed, from a state without any, so there are none to replace.
     */
    private static StatementPart segmentsInsert(UUID bookingId, List<Segment> segments) {
        List<Object> values = new ArrayList<>(segments.size() * 13);
        for (int position = 0; position < segments.size(); position++) {
            Segment segment = segments.get(position);
            values.addAll(Arrays.asList(
                    bookingId,
                    position,
                    segment.sliceIndex(),
                    segment.duffelSegmentId(),
                    segment.origin(),
                    segment.destination(),
                    segment.departingAt(),
                    segment.arrivingAt(),
                    segment.marketingCarrier(),
                    segment.flightNumber(),
                    segment.operatingCarrier(),
                    segment.duration(),
                    segment.aircraft()));
        }
        // Typed placeholders: in a values list PostgreSQL cannot take the types from the columns.
        String row = "(cast(? as uuid), cast(? as integer), cast(? as integer), cast(? as text), cast(? as text), "
                + "cast(? as text), cast(? as timestamp), cast(? as timestamp), cast(? as text), cast(? as text), "
                + "cast(? as text), cast(? as text), cast(? as text))";
        return new StatementPart("""
                insert into segment (booking_id, position, slice_index, duffel_segment_id, origin, destination,
                    departing_at, arriving_at, marketing_carrier, flight_number, operating_carrier, duration,
                    aircraft)
                select v.* from %s, (values %s) as v""".formatted(MOVED, rows(row, segments.size())), values);
    }

    /** The row {@code times} over, comma-separated: a multi-row insert's values. */
    private static String rows(String row, int times) {
        return String.join(", ", Collections.nCopies(times, row));
    }

    private void history(
            UUID bookingId, BookingStatus from, BookingStatus to, String reason, String duffelRequestId, Instant now) {
        jdbc.sql("""
                        insert into booking_state_change (booking_id, from_status, to_status, reason, duffel_request_id,
                            changed_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(
                        bookingId,
                        from == null ? null : from.name(),
                        to.name(),
                        reason,
                        duffelRequestId,
                        timestamp(now))
                .update();
    }

    private static FlightSegment flight(Segment segment) {
        return new FlightSegment(
                segment.sliceIndex(),
                segment.origin(),
                segment.destination(),
                segment.departingAt(),
                segment.arrivingAt(),
                segment.marketingCarrier(),
                segment.flightNumber());
    }

    private String source() {
        return "/" + component;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
