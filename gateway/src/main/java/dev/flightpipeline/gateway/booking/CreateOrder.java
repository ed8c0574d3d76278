package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingLogContext;
import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.duffel.ReactiveLogContext;
import dev.flightpipeline.events.BookingOutcome;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.gateway.booking.BookingOutcomeFeed.Waiter;
import dev.flightpipeline.gateway.booking.IdempotencyStore.Claim;
import dev.flightpipeline.gateway.booking.IdempotencyStore.Entry;
import dev.flightpipeline.gateway.problem.ApiProblems;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;

/**
 * Create-order with an Idempotency-Key (http-api.md): claim the key, hand the request to the booker,
 * wait for the booking's outcome, answer, and keep the answer for replays. A key is claimed once per
 * user; the same key with the same request gets the same answer, with another request a 422.
 */
class CreateOrder {

    private static final Logger log = LoggerFactory.getLogger(CreateOrder.class);
    /** How much longer than its wait a first request may take to store its answer before a repeat takes over. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);

    /** An answer and whether it is a replay of an earlier one. */
    record Result(BookingAnswer answer, boolean replayed) {}

    private final IdempotencyStore keys;
    private final BookingReader bookings;
    private final BookingRequestPublisher publisher;
    private final BookingOutcomeFeed outcomes;
    private final BookingAnswers answers;
    private final BookingProperties settings;
    private final DatabaseCalls database;
    private final Clock clock;

    CreateOrder(
            IdempotencyStore keys,
            BookingReader bookings,
            BookingRequestPublisher publisher,
            BookingOutcomeFeed outcomes,
            BookingAnswers answers,
            BookingProperties settings,
            DatabaseCalls database,
            Clock clock) {
        this.keys = keys;
        this.bookings = bookings;
        this.publisher = publisher;
        this.outcomes = outcomes;
        this.answers = answers;
        this.settings = settings;
        this.database = database;
        this.clock = clock;
    }

    Mono<Result> create(String userId, String key, CreateOrderForm form, boolean respondAsync) {
        UUID bookingId = UUID.randomUUID();
        Instant now = clock.instant();
        return blocking(() -> keys.claim(
                        userId,
                        key,
                        form.fingerprint(),
                        bookingId,
                        now,
                        answerDueBy(now),
                        now.plus(settings.idempotencyRetention())))
                .flatMap(claim -> switch (claim) {
                    case Claim.Claimed claimed -> claimed(userId, key, form, bookingId, claimed, respondAsync);
                    case Claim.Seen seen -> seen(userId, key, form, seen.entry(), respondAsync);
                })
                .onErrorResume(
                        DataAccessException.class,
                        unavailable -> ReactiveLogContext.supply(() -> {
                            log.warn(
                                    "The booking database is unavailable: {}",
                                    unavailable.getClass().getSimpleName());
                            return fresh(answers.problem(
                                    ApiProblems.temporarilyUnavailable(
                                            "Bookings cannot be taken right now.", Duration.ofSeconds(5)),
                                    null));
                        }));
    }

    /** A key new to the gateway: unless the booker holds a booking under it already, book. */
    private Mono<Result> claimed(
            String userId,
            String key,
            CreateOrderForm form,
            UUID bookingId,
            Claim.Claimed claim,
            boolean respondAsync) {
        if (claim.heldBy().isEmpty()) {
            return submit(userId, key, form, bookingId, respondAsync);
        }
        return blocking(() -> bookings.find(claim.heldBy().get()))
                .flatMap(existing -> existing.isEmpty()
                        ? submit(userId, key, form, bookingId, respondAsync)
                        : settleOnExisting(userId, key, form, bookingId, existing.get(), respondAsync));
    }

    private Mono<Result> settleOnExisting(
            String userId, String key, CreateOrderForm form, UUID claimedFor, Booking existing, boolean respondAsync) {
        if (!form.fingerprint().equals(existing.requestFingerprint())) {
            return blocking(() -> {
                        keys.release(userId, key, claimedFor);
                        return true;
                    })
                    .thenReturn(fresh(answers.problem(ApiProblems.idempotencyKeyReused(), null)));
        }
        return blocking(() -> {
                    keys.rebind(userId, key, claimedFor, existing.id());
                    return true;
                })
                .then(
                        existing.status().isTerminal()
                                ? store(userId, key, existing.id(), answers.decided(existing), true)
                                : awaitRecorded(userId, key, existing.id(), respondAsync));
    }

    /** The key was seen before. */
    private Mono<Result> seen(String userId, String key, CreateOrderForm form, Entry entry, boolean respondAsync) {
        if (!entry.fingerprint().equals(form.fingerprint())) {
            return Mono.just(fresh(answers.problem(ApiProblems.idempotencyKeyReused(), null)));
        }
        UUID bookingId = entry.bookingId();
        if (entry.answered()) {
            BookingAnswer stored = new BookingAnswer(entry.responseStatus(), entry.responseBody(), bookingId, null);
            if (stored.decided()) {
                return Mono.just(new Result(stored, true));
            }
            // A 202 stays the answer only while the booking is undecided.
            return blocking(() -> bookings.find(bookingId))
                    .flatMap(booking ->
                            booking.isPresent() && booking.get().status().isTerminal()
                                    ? store(userId, key, bookingId, answers.decided(booking.get()), true)
                                    : Mono.just(new Result(stored, true)));
        }
        Instant now = clock.instant();
        if (now.isBefore(entry.answerDueBy())) {
            return Mono.just(fresh(answers.problem(
                    ApiProblems.requestInProgress(
                            bookingId.toString(), BookingView.statusUrl(bookingId), settings.inProgressRetryAfter()),
                    bookingId)));
        }
        // The first request never stored an answer (its gateway stopped, or Kafka refused it): this
        // one takes over, and hands the request over again if the booker has not recorded it.
        return blocking(() -> keys.takeOver(userId, key, bookingId, now, answerDueBy(now)))
                .flatMap(tookOver -> {
                    if (!tookOver) {
                        return Mono.just(fresh(answers.problem(
                                ApiProblems.requestInProgress(
                                        bookingId.toString(),
                                        BookingView.statusUrl(bookingId),
                                        settings.inProgressRetryAfter()),
                                bookingId)));
                    }
                    return blocking(() -> bookings.find(bookingId))
                            .flatMap(booking -> booking.isEmpty()
                                    ? submit(userId, key, form, bookingId, respondAsync)
                                    : booking.get().status().isTerminal()
                                            ? store(userId, key, bookingId, answers.decided(booking.get()), false)
                                            : awaitRecorded(userId, key, bookingId, respondAsync));
                });
    }

    /** Hands the request to the booker, then waits for its outcome (or answers at once, if asked to). */
    private Mono<Result> submit(String userId, String key, CreateOrderForm form, UUID bookingId, boolean respondAsync) {
        BookingRequested request = new BookingRequested(
                bookingId,
                userId,
                key,
                form.fingerprint(),
                form.offerId(),
                form.passengers(),
                form.expectedTotal(),
                clock.instant());
        Waiter waiter = outcomes.waitFor(bookingId);
        return publisher
                .publish(request)
                .doOnEach(signal -> {
                    if (signal.isOnComplete() && log.isDebugEnabled()) {
                        ReactiveLogContext.run(
                                signal.getContextView(),
                                () -> log.debug("Booking request {} handed to the booker", bookingId));
                    }
                })
                .then(Mono.defer(() -> respondAsync
                        ? Mono.fromRunnable(waiter::cancel).thenReturn(answers.accepted(bookingId))
                        : awaitOutcome(waiter, bookingId)))
                .flatMap(answer -> store(userId, key, bookingId, answer, false))
                .onErrorResume(failure -> !(failure instanceof DataAccessException), notAccepted -> {
                    waiter.cancel();
                    // A retry with the key may take over at once and send it again.
                    return blocking(() -> {
                                keys.takeOverNow(userId, key, bookingId);
                                return true;
                            })
                            .onErrorReturn(false)
                            .then(ReactiveLogContext.supply(() -> {
                                log.warn(
                                        "Booking request {} could not be handed to Kafka: {}",
                                        bookingId,
                                        notAccepted.toString());
                                return fresh(answers.problem(
                                        ApiProblems.temporarilyUnavailable(
                                                "The booking could not be accepted right now; nothing was booked.",
                                                Duration.ofSeconds(5)),
                                        null));
                            }));
                })
                .contextWrite(Context.of(BookingLogContext.of(bookingId)));
    }

    /** The booking is recorded and under way: wait for its outcome as a new request would. */
    private Mono<Result> awaitRecorded(String userId, String key, UUID bookingId, boolean respondAsync) {
        if (respondAsync) {
            return store(userId, key, bookingId, answers.accepted(bookingId), false);
        }
        Waiter waiter = outcomes.waitFor(bookingId);
        return blocking(() -> bookings.find(bookingId))
                .flatMap(
                        booking -> booking.isPresent() && booking.get().status().isTerminal()
                                ? Mono.fromRunnable(waiter::cancel).thenReturn(answers.decided(booking.get()))
                                : awaitOutcome(waiter, bookingId))
                .flatMap(answer -> store(userId, key, bookingId, answer, false))
                .contextWrite(Context.of(BookingLogContext.of(bookingId)));
    }

    private Mono<BookingAnswer> awaitOutcome(Waiter waiter, UUID bookingId) {
        return waiter.within(settings.outcomeWait())
                .flatMap(this::answerFor)
                // No outcome seen in time: the database may still know (an outcome missed in a restart).
                .switchIfEmpty(Mono.defer(() -> blocking(() -> bookings.find(bookingId))
                        .map(booking ->
                                booking.isPresent() && booking.get().status().isTerminal()
                                        ? answers.decided(booking.get())
                                        : answers.timedOut(bookingId))));
    }

    private Mono<BookingAnswer> answerFor(BookingOutcome outcome) {
        if (outcome instanceof BookingRequestRejected rejection) {
            if ("offer_booked_by_you".equals(rejection.reason()) && rejection.existingBookingId() != null) {
                return blocking(() -> bookings.find(rejection.existingBookingId()))
                        .map(existing -> existing.map(answers::duplicate).orElseGet(() -> answers.rejected(rejection)));
            }
            return Mono.just(answers.rejected(rejection));
        }
        // Confirmed or failed: the database has the whole booking, travelers and segments included.
        return blocking(() -> bookings.find(outcome.bookingId()))
                .map(booking -> booking.filter(found -> found.status().isTerminal())
                        .map(answers::decided)
                        .orElseGet(() -> answers.timedOut(outcome.bookingId())));
    }

    /**
     * Keeps the answer for replays of the key, whose record names {@code bookingId}: the booking
     * the request started, which is not always the one the answer is about (a duplicate answers
     * with the booking that holds the offer; a refusal with none).
     */
    private Mono<Result> store(String userId, String key, UUID bookingId, BookingAnswer answer, boolean replayed) {
        return blocking(() -> {
                    keys.answer(userId, key, bookingId, answer.status(), answer.body());
                    return new Result(answer, replayed);
                })
                // The answer stands even if it cannot be stored; a retry then finds the booking itself.
                .onErrorResume(DataAccessException.class, unstored -> Mono.just(new Result(answer, replayed)));
    }

    private Instant answerDueBy(Instant now) {
        return now.plus(settings.outcomeWait()).plus(ANSWER_MARGIN);
    }

    private static Result fresh(BookingAnswer answer) {
        return new Result(answer, false);
    }

    private <T> Mono<T> blocking(Callable<T> call) {
        return database.call(call);
    }
}
