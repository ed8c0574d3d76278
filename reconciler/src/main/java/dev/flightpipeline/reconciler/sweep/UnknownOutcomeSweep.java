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
import dev.flightpipeline.reconciler.orphans.OrphanOrders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 *
 * The orders the listing pages past that name another booking are checked for orphans (an order for
 * no booking of ours, a second order, an order for a FAILED booking). Each check's result is
 * counted in {@code reconciler.checks}, and each sweep timed in {@code reconciler.sweeps}.
 */
public final class UnknownOutcomeSweep {

    /** What one check of a claimed booking did: the {@code result} tag of {@code reconciler.checks}. */
    public enum CheckResult {
        CONFIRMED_LATE,
        CLOSED_NO_ORDER,
        NOT_FOUND_YET,
        NOT_SENT_YET,
        DUFFEL_ERROR,
        RATE_LIMITED,
        /** The booking changed since it was claimed (a webhook or the booker got there first). */
        CHANGED_MEANWHILE
    }

    private static final Logger log = LoggerFactory.getLogger(UnknownOutcomeSweep.class);

    private final BookingTransitions transitions;
    private final LateOrders lateOrders;
    private final OrphanOrders orphans;
    private final ReconcilerProperties settings;
    private final Clock clock;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.MIN);
    private final Map<CheckResult, Counter> checked = new EnumMap<>(CheckResult.class);
    private final Timer sweeps;

    public UnknownOutcomeSweep(
            BookingTransitions transitions,
            LateOrders lateOrders,
            OrphanOrders orphans,
            ReconcilerProperties settings,
            MeterRegistry meters,
            Clock clock) {
        this.transitions = transitions;
        this.lateOrders = lateOrders;
        this.orphans = orphans;
        this.settings = settings;
        this.clock = clock;
        for (CheckResult result : CheckResult.values()) {
            checked.put(
                    result,
                    Counter.builder("reconciler.checks")
                            .description("Claimed bookings the reconciler's sweep checked, by what the check did")
                            .tag("result", result.name().toLowerCase(Locale.ROOT))
                            .register(meters));
        }
        this.sweeps = Timer.builder("reconciler.sweeps")
                .description("One sweep: the claim of a batch and the checks of its bookings")
                .register(meters);
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
        return sweeps.record(this::claimAndCheck);
    }

    private int claimAndCheck() {
        List<DueBooking> batch = transitions.claimDue(settings.batchSize(), settings.lease());
        Semaphore slots = new Semaphore(settings.maxInFlight());
        try (ExecutorService checks = Executors.newVirtualThreadPerTaskExecutor()) {
            for (DueBooking booking : batch) {
                slots.acquireUninterruptibly();
                checks.execute(() -> {
                    try (MDC.MDCCloseable named = BookingLogContext.put(booking.bookingId())) {
                        checked.get(check(booking)).increment();
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

    private CheckResult check(DueBooking booking) {
        return switch (booking.status()) {
            case RECEIVED ->
                moved(
                        transitions.recheckLater(
                                booking,
                                settings.backoffAfter(booking.checks()),
                                "recorded but not sent to Duffel yet: the booker's to send",
                                null),
                        CheckResult.NOT_SENT_YET);
            case SUBMITTING, UNKNOWN -> lookUp(booking);
            // Never claimed: the claim takes only bookings still waiting for an answer.
            case CONFIRMED, FAILED -> CheckResult.CHANGED_MEANWHILE;
        };
    }

    private static CheckResult moved(boolean moved, CheckResult result) {
        return moved ? result : CheckResult.CHANGED_MEANWHILE;
    }

    private CheckResult lookUp(DueBooking booking) {
        Instant paused = pausedUntil.get();
        if (clock.instant().isBefore(paused)) {
            transitions.postpone(booking, paused);
            return CheckResult.RATE_LIMITED;
        }
        LateOrders.Search search;
        try {
            search = lateOrders.find(booking);
        } catch (DuffelApiException e) {
            if (e.status() == 429) {
                Instant reset = e.rateLimit()
                        .map(RateLimit::resetAt)
                        .filter(Objects::nonNull)
                        .orElse(clock.instant().plus(settings.duffelErrorPause()));
                pausedUntil.accumulateAndGet(reset, (current, next) -> next.isAfter(current) ? next : current);
                log.warn("Duffel rate limited the reconciler: sweeping again after {}", reset);
                transitions.postpone(booking, reset);
                return CheckResult.RATE_LIMITED;
            } else {
                log.warn(
                        "Duffel answered {} listing orders for booking {} (request {}): checked again later",
                        e.status(),
                        booking.bookingId(),
                        e.requestId());
                transitions.postpone(booking, clock.instant().plus(settings.duffelErrorPause()));
                return CheckResult.DUFFEL_ERROR;
            }
        } catch (DuffelUnreachableException e) {
            log.warn("Duffel did not answer for booking {}: checked again later", booking.bookingId(), e);
            transitions.postpone(booking, clock.instant().plus(settings.duffelErrorPause()));
            return CheckResult.DUFFEL_ERROR;
        }
        orphans.reportOrphansAmong(search.others());
        if (search.found().isPresent()) {
            Order order = search.found().get();
            return moved(
                    transitions.attachLateOrder(booking.bookingId(), ConfirmedOrder.from(order), null),
                    CheckResult.CONFIRMED_LATE);
        }
        Instant now = clock.instant();
        Instant closeAt = booking.noOrderPossibleAfter().plus(settings.closeGrace());
        if (!now.isBefore(closeAt)) {
            return moved(
                    transitions.closeWithoutOrder(
                            booking,
                            "no order was created: Duffel has no order for this booking, and its offer expired at "
                                    + booking.noOrderPossibleAfter()),
                    CheckResult.CLOSED_NO_ORDER);
        }
        // Checked again after the backoff, but no later than when it can be closed.
        Duration wait = settings.backoffAfter(booking.checks());
        Duration untilClose = Duration.between(now, closeAt);
        return moved(
                transitions.recheckLater(
                        booking, wait.compareTo(untilClose) > 0 ? untilClose : wait, "no order on Duffel yet", null),
                CheckResult.NOT_FOUND_YET);
    }
}
