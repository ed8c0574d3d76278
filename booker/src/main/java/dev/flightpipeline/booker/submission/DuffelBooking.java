package dev.flightpipeline.booker.submission;

import dev.flightpipeline.booker.BookerProperties;
import dev.flightpipeline.booker.submission.DatabasePermits.Step;
import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.BookingIdentity;
import dev.flightpipeline.booking.BookingTransitions.Submission;
import dev.flightpipeline.booking.BookingTransitions.SubmissionStart;
import dev.flightpipeline.booking.ConfirmedOrder;
import dev.flightpipeline.duffel.DuffelApiException;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.DuffelUnreachableException;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.OrderCreationOutcome;
import dev.flightpipeline.duffel.OrderCreationOutcome.Created;
import dev.flightpipeline.duffel.OrderCreationOutcome.Pending;
import dev.flightpipeline.duffel.OrderCreationOutcome.RateLimited;
import dev.flightpipeline.duffel.OrderCreationOutcome.Rejected;
import dev.flightpipeline.duffel.OrderCreationOutcome.RetryLater;
import dev.flightpipeline.duffel.OrderCreationOutcome.Unknown;
import dev.flightpipeline.duffel.RateLimit;
import dev.flightpipeline.duffel.RejectionReason;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.OpsEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Books one RECEIVED booking on Duffel, as the state machine says: read the offer (current price
 * and availability), move to SUBMITTING with the attempt recorded, create the order, and turn
 * Duffel's answer into exactly one transition. Runs on its own virtual thread; blocking here costs
 * no platform thread. Each read and transaction waits for one of the {@link DatabasePermits}, at the
 * step it is at.
 */
final class DuffelBooking {

    private static final Logger log = LoggerFactory.getLogger(DuffelBooking.class);

    private final BookingReader bookings;
    private final BookingTransitions transitions;
    private final DuffelClient duffel;
    private final RateLimitGate rateLimit;
    private final DatabasePermits database;
    private final SubmissionStarts starts;
    private final BookerProperties settings;
    private final Clock clock;
    private final MeterRegistry metrics;

    DuffelBooking(
            BookingReader bookings,
            BookingTransitions transitions,
            DuffelClient duffel,
            RateLimitGate rateLimit,
            DatabasePermits database,
            SubmissionStarts starts,
            BookerProperties settings,
            Clock clock,
            MeterRegistry metrics) {
        this.metrics = metrics;
        this.bookings = bookings;
        this.transitions = transitions;
        this.duffel = duffel;
        this.rateLimit = rateLimit;
        this.database = database;
        this.starts = starts;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * @param slot held on entry, for reading the offer and creating the order; given back once the
     *     order call has answered, and taken again for a retry
     */
    void book(UUID bookingId, CallSlot slot) throws InterruptedException {
        Optional<Booking> found = database.call(Step.READ, () -> bookings.findWithTravelers(bookingId));
        if (found.isPresent()) {
            book(found.get(), slot);
        }
    }

    /**
     * Books a booking as the caller has it (one just recorded needs no read). If another booker has
     * moved it on meanwhile, the offer is still read, but the submission does not start and no order
     * is sent: only a RECEIVED booking can move to SUBMITTING, or fail the offer check.
     *
     * @param slot as for {@link #book(UUID, CallSlot)}
     */
    void book(Booking booking, CallSlot slot) throws InterruptedException {
        if (booking.status() != BookingStatus.RECEIVED) {
            return; // submitted by someone else, or already closed
        }
        UUID bookingId = booking.id();
        Optional<Offer> offer = readBookableOffer(booking);
        if (offer.isEmpty()) {
            return;
        }
        Money total = Money.of(offer.get().totalAmount(), offer.get().totalCurrency());
        Optional<Submission> submission =
                starts.start(new SubmissionStart(bookingId, total, offer.get().expiresAt()));
        if (submission.isPresent()) {
            createOrder(booking, total, submission.get(), slot);
        }
    }

    /** The offer as Duffel has it now, if it can still be booked at the price the user saw. */
    private Optional<Offer> readBookableOffer(Booking booking) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            rateLimit.awaitOpen();
            try {
                // contextCapture: the call's span and log lines belong to this thread's trace and booking.
                Offer offer =
                        duffel.getOffer(booking.offerId()).contextCapture().block();
                if (offer.expiresAt() != null && !offer.expiresAt().isAfter(clock.instant())) {
                    failBeforeSubmission(
                            BookingIdentity.of(booking),
                            FailureReason.OFFER_EXPIRED,
                            "The offer has expired",
                            null,
                            null);
                    return Optional.empty();
                }
                Money current = Money.of(offer.totalAmount(), offer.totalCurrency());
                if (booking.expectedTotalAmount() != null && !current.sameSumAs(expectedTotal(booking))) {
                    failBeforeSubmission(
                            BookingIdentity.of(booking),
                            FailureReason.PRICE_CHANGED,
                            "The offer's price has changed",
                            current,
                            null);
                    return Optional.empty();
                }
                return Optional.of(offer);
            } catch (DuffelApiException refused) {
                String requestId = refused.requestId();
                if (refused.status() == 429) {
                    closeGate(refused.rateLimit().map(RateLimit::resetAt).orElse(null), requestId);
                    attempt--; // waiting for the rate limit is not a failed attempt
                    continue;
                }
                if (refused.status() == 404 || refused.hasCode("offer_no_longer_available")) {
                    failBeforeSubmission(
                            BookingIdentity.of(booking),
                            FailureReason.OFFER_EXPIRED,
                            "The offer is no longer available",
                            null,
                            requestId);
                    return Optional.empty();
                }
                // A 2xx here is an answer that could not be read: Duffel failing, read again as a 5xx.
                if (refused.status() >= 400 && refused.status() < 500) {
                    failBeforeSubmission(
                            BookingIdentity.of(booking),
                            FailureReason.INVALID_REQUEST,
                            "Duffel refused to read the offer",
                            null,
                            requestId);
                    return Optional.empty();
                }
                if (attempt >= settings.maxAttempts()) {
                    giveUpReadingOffer(BookingIdentity.of(booking), "Duffel answered " + refused.status(), requestId);
                    return Optional.empty();
                }
            } catch (DuffelUnreachableException unreachable) {
                if (attempt >= settings.maxAttempts()) {
                    giveUpReadingOffer(BookingIdentity.of(booking), unreachable.getMessage(), null);
                    return Optional.empty();
                }
            }
            Thread.sleep(settings.backoffAfter(attempt));
        }
    }

    private void giveUpReadingOffer(BookingIdentity booking, String why, String requestId) throws InterruptedException {
        failBeforeSubmission(
                booking,
                FailureReason.DUFFEL_UNAVAILABLE,
                "Duffel could not be reached to read the offer; nothing was booked",
                null,
                requestId,
                ops(
                        "duffel_error",
                        booking.bookingId(),
                        "reading the offer failed " + settings.maxAttempts() + " times: " + why,
                        requestId));
    }

    private void createOrder(Booking booking, Money total, Submission submission, CallSlot slot)
            throws InterruptedException {
        UUID bookingId = booking.id();
        int attempt = submission.attempt();
        while (true) {
            rateLimit.awaitOpen();
            slot.take();
            OrderCreationOutcome outcome;
            try {
                outcome = duffel.createOrder(DuffelOrders.command(booking, total))
                        .contextCapture()
                        .block();
            } finally {
                slot.giveBack();
            }
            String requestId = outcome.requestId().orElse(null);
            switch (outcome) {
                case Created created -> {
                    record(() -> transitions.confirm(
                            submission.identity(), ConfirmedOrder.from(created.order()), false, requestId));
                    decided("confirmed", "created");
                    return;
                }
                case Rejected rejected -> {
                    recordFailure(
                            submission.identity(),
                            failureReason(rejected.reason()),
                            rejected.description(),
                            null,
                            requestId,
                            operatorShouldKnow(rejected.reason())
                                    ? new OpsEvent[] {ops("duffel_error", bookingId, rejected.description(), requestId)}
                                    : new OpsEvent[0]);
                    return;
                }
                case Pending pending -> {
                    record(() -> transitions.markUnknown(
                            submission.identity(),
                            "duffel_accepted",
                            "Duffel accepted the order and is still processing it",
                            requestId));
                    decided("unknown", "duffel_accepted");
                    return;
                }
                case Unknown unknown -> {
                    record(() -> transitions.markUnknown(
                            submission.identity(), "duffel_no_answer", unknown.cause(), requestId));
                    decided("unknown", "duffel_no_answer");
                    return;
                }
                case RateLimited limited -> {
                    closeGate(limited.resetAt(), requestId);
                    if (database.call(
                                    Step.START, () -> transitions.retrySubmission(bookingId, "rate limited", requestId))
                            .isEmpty()) {
                        return;
                    }
                }
                case RetryLater later -> {
                    if (attempt >= settings.maxAttempts()) {
                        recordFailure(
                                submission.identity(),
                                FailureReason.DUFFEL_UNAVAILABLE,
                                "Duffel was unavailable; no order was created",
                                null,
                                requestId,
                                ops("duffel_error", bookingId, later.cause(), requestId));
                        return;
                    }
                    Duration wait = later.retryAfter().orElse(settings.backoffAfter(attempt));
                    Thread.sleep(wait.compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : wait);
                    Optional<Submission> retry = database.call(
                            Step.START, () -> transitions.retrySubmission(bookingId, later.cause(), requestId));
                    if (retry.isEmpty()) {
                        return;
                    }
                    attempt = retry.get().attempt();
                }
            }
        }
    }

    /**
     * A refusal that says something is wrong on our side or Duffel's (money, our own validation, the
     * airline), rather than about this offer: monitoring hears of it.
     */
    private static boolean operatorShouldKnow(RejectionReason reason) {
        return switch (reason) {
            case INSUFFICIENT_BALANCE, ORDER_NOT_CREATED, INVALID_INPUT -> true;
            case ALREADY_BOOKED, OFFER_NO_LONGER_AVAILABLE, DUPLICATE_BOOKING -> false;
        };
    }

    private static FailureReason failureReason(RejectionReason reason) {
        return switch (reason) {
            case ALREADY_BOOKED -> FailureReason.OFFER_ALREADY_BOOKED;
            case OFFER_NO_LONGER_AVAILABLE -> FailureReason.OFFER_EXPIRED;
            case DUPLICATE_BOOKING -> FailureReason.DUPLICATE_BOOKING;
            case INVALID_INPUT -> FailureReason.INVALID_REQUEST;
            case INSUFFICIENT_BALANCE -> FailureReason.INSUFFICIENT_BALANCE;
            case ORDER_NOT_CREATED -> FailureReason.ORDER_NOT_CREATED;
        };
    }

    private void closeGate(Instant resetAt, String requestId) throws InterruptedException {
        Instant until = resetAt != null ? resetAt : clock.instant().plus(settings.firstBackoff());
        if (rateLimit.closeUntil(until)) {
            metrics.counter("booker.duffel.rate.limit.pauses").increment();
            log.warn("Duffel rate limit reached; new calls wait until {}", until);
            OpsEvent paused = new OpsEvent(
                    "rate_limited",
                    null,
                    "booker",
                    "Duffel's rate limit was reached; new calls wait until the reset time",
                    requestId == null
                            ? Map.of("reset_at", until.toString())
                            : Map.of("reset_at", until.toString(), "duffel_request_id", requestId),
                    clock.instant());
            database.run(Step.RECORD, () -> transitions.publishOps(UUID.randomUUID(), paused));
        }
    }

    /**
     * Records what Duffel answered. The answer is known only here and now, so a database that is
     * briefly unreachable is waited out rather than losing it; if the booker stops meanwhile, the
     * booking is still SUBMITTING and becomes UNKNOWN at the next start.
     */
    private void record(Supplier<Boolean> transition) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                database.call(Step.RECORD, transition);
                return;
            } catch (TransientDataAccessException
                    | DataAccessResourceFailureException
                    | CannotCreateTransactionException unavailable) {
                log.warn(
                        "Could not record Duffel's answer yet (attempt {}): {}",
                        attempt,
                        unavailable.getClass().getSimpleName());
                Thread.sleep(settings.backoffAfter(attempt));
            }
        }
    }

    private void recordFailure(
            BookingIdentity booking,
            FailureReason reason,
            String message,
            Money currentTotal,
            String requestId,
            OpsEvent... alsoPublish)
            throws InterruptedException {
        record(() -> transitions.fail(booking, reason, message, currentTotal, requestId, alsoPublish));
        decided("failed", reason.code());
    }

    private void failBeforeSubmission(
            BookingIdentity booking,
            FailureReason reason,
            String message,
            Money currentTotal,
            String requestId,
            OpsEvent... alsoPublish)
            throws InterruptedException {
        if (database.call(
                Step.RECORD,
                () -> transitions.failBeforeSubmission(
                        booking, reason, message, currentTotal, requestId, alsoPublish))) {
            decided("failed", reason.code());
        }
    }

    /** Counts what became of a booking here: {@code booker.bookings.decided} by outcome and reason. */
    private void decided(String outcome, String reason) {
        metrics.counter("booker.bookings.decided", "outcome", outcome, "reason", reason)
                .increment();
    }

    private OpsEvent ops(String kind, UUID bookingId, String detail, String requestId) {
        return new OpsEvent(
                kind,
                bookingId,
                "booker",
                detail,
                requestId == null ? Map.of() : Map.of("duffel_request_id", requestId),
                clock.instant());
    }

    private static Money expectedTotal(Booking booking) {
        return Money.of(booking.expectedTotalAmount(), booking.expectedTotalCurrency());
    }
}
