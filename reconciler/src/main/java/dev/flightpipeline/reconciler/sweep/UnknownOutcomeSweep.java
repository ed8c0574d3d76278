package dev.flightpipeline.reconciler.sweep;

import dev.flightpipeline.booking.BookingLogContext;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.DueBooking;
import dev.flightpipeline.booking.ConfirmedOrder;
import dev.flightpipeline.duffel.DuffelApiException;
import dev.flightpipeline.duffel.DuffelUnreachableException;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.duffel.RateLimit;
import dev.flightpipeline.reconciler.ReconcilerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One sweep of the reconciler: claims a batch of due bookings (oldest due first; other reconcilers
 * skip them) and checks each on Duffel.
 *
 * <ul>
 *   <li>Its order is found: attached, CONFIRMED and late.
 *   <li>No order, and its offer expired more than the grace ago: FAILED, no order was created.
 *   <li>Otherwise: checked again later, each time later (backoff from this check).
 *   <li>A RECEIVED booking was never sent, so no order can exist: it is the booker's to send, and
 *       is only reported and checked again later.
 *   <li>Duffel could not answer: the booking waits, unchecked; a 429 pauses the whole sweep until
 *       Duffel's rate-limit reset. Neither ever closes a booking.
 * </ul>
 */
public final class UnknownOutcomeSweep {

    private static final Logger log = LoggerFactory.getLogger(UnknownOutcomeSweep.class);

    private final BookingTransitions transitions;
    private final LateOrders lateOrders;
    private final ReconcilerProperties settings;
    private final Clock clock;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);

    public UnknownOutcomeSweep(
            BookingTransitions transitions, LateOrders lateOrders, ReconcilerProperties settings, Clock clock) {
        this.transitions = transitions;
        this.lateOrders = lateOrders;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Claims one batch and checks every booking of it.
     *
     * @return how many bookings were claimed (none while Duffel's rate limit pauses the sweep)
     */
    public int sweepOnce() {
        if (clock.instant().isBefore(pausedUntil.get())) {
            return 0;
        }
        List<DueBooking> batch = transitions.claimDue(settings.batchSize(), settings.lease());
        Semaphore slots = new Semaphore(settings.maxInFlight());
        try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DueBooking booking : batch) {
                slots.acquireUninterruptibly();
                checks.execute(() -> {
                    try (MDC.MDCCloseable named = BookingLogContext.put(booking.bookingId())) {
                        check(booking);
                    } catch (RuntimeException e) {
                        // The lease runs out and another sweep claims it again.
                        log.warn("Checking booking {} failed; it is checked again later", booking.bookingId(), e);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return batch.size();
    }

    /** Until when a 429 from Duffel pauses the sweep ({@link Instant#MIN} when it is not paused). */
    public Instant pausedUntil() {
        return pausedUntil.get();
    }

    private void check(DueBooking booking) {
        switch (booking.status()) {
            case RECEIVED ->
                transitions.recheckLater(
                        booking,
                        settings.backoffAfter(booking.checks()),
                        "recorded but not sent to Duffel yet: the booker's to send",
                        null);
            case SUBMITTING, UNKNOWN -> lookUp(booking);
            case CONFIRMED, FAILED -> {
                // Never claimed: the claim takes only bookings still waiting for an answer.
            }
        }
    }

    private void lookUp(DueBooking booking) {
        Instant paused = pausedUntil.get();
        if (clock.instant().isBefore(paused)) {
            transitions.postpone(booking, paused);
            return;
        }
        Optional<Order> order;
        try {
            order = lateOrders.find(booking);
        } catch (DuffelApiException e) {
            if (e.status() == 429) {
                Instant reset = e.rateLimit()
                        .map(RateLimit::resetAt)
                        .filter(Objects::nonNull)
                        .orElse(clock.instant().plus(settings.duffelErrorPause()));
                pausedUntil.accumulateAndGet(reset, (current, next) -> next.isAfter(current) ? next : current);
                log.warn("Duffel rate limited the reconciler: sweeping again after {}", reset);
                transitions.postpone(booking, reset);
            } else {
                log.warn(
                        "Duffel answered {} listing orders for booking {} (request {}): checked again later",
                        e.status(),
                        booking.bookingId(),
                        e.requestId());
                transitions.postpone(booking, clock.instant().plus(settings.duffelErrorPause()));
            }
            return;
        } catch (DuffelUnreachableException e) {
            log.warn("Duffel did not answer for booking {}: checked again later", booking.bookingId(), e);
            transitions.postpone(booking, clock.instant().plus(settings.duffelErrorPause()));
            return;
        }
        if (order.isPresent()) {
            transitions.attachLateOrder(booking.bookingId(), ConfirmedOrder.from(order.get()), null);
            return;
        }
        Instant now = clock.instant();
        Instant closeAt = booking.noOrderPossibleAfter().plus(settings.closeGrace());
        if (!now.isBefore(closeAt)) {
            transitions.closeWithoutOrder(
                    booking,
                    "no order was created: Duffel has no order for this booking, and its offer expired at "
                            + booking.noOrderPossibleAfter());
            return;
        }
        // Checked again after the backoff, but no later than when it can be closed.
        Duration wait = settings.backoffAfter(booking.checks());
        Duration untilClose = Duration.between(now, closeAt);
        transitions.recheckLater(
                booking, wait.compareTo(untilClose) > 0 ? untilClose : wait, "no order on Duffel yet", null);
    }
}
