package dev.flightpipeline.reconciler.webhooks;

import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.ConfirmedOrder;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.reconciler.orphans.OrphanOrders;
import dev.flightpipeline.reconciler.orphans.OrphanOrders.NamedBooking;
import dev.flightpipeline.reconciler.sweep.LateOrders;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one verified Duffel webhook delivery, in one database transaction: the event id is
 * recorded in {@code webhook_delivery} first, so a repeated delivery does nothing more; then the
 * booking the event names moves, through {@link BookingTransitions} (whose transitions join this
 * transaction). Anything that fails rolls the whole delivery back, the event id included, so Duffel's
 * retry applies it again.
 *
 * <ul>
 *   <li>{@code order.created} for a SUBMITTING or UNKNOWN booking: CONFIRMED with the order; late
 *       only if it was UNKNOWN (the booker's call had ended without an answer).
 *   <li>{@code order.created} for a booking already CONFIRMED with that order: nothing.
 *   <li>{@code order.created} for no booking, a booking confirmed with another order, a FAILED one
 *       (an order exists for a booking the user was told failed) or a RECEIVED one (never sent): an
 *       orphan, reported once by {@link OrphanOrders}.
 *   <li>{@code order.creation_failed} for a SUBMITTING or UNKNOWN booking: Duffel's order list is
 *       asked first (before the transaction: no booking stays locked during a Duffel call). If it
 *       holds the booking's order after all, CONFIRMED as for {@code order.created}; otherwise
 *       FAILED, {@link FailureReason#ORDER_NOT_CREATED}. For any other booking: nothing.
 * </ul>
 *
 * So {@code order.created} and {@code order.creation_failed} for one booking end the same in either
 * order: an order Duffel has wins. Only an order that appears on Duffel after the listing said there
 * was none still meets a FAILED booking, and is reported as an orphan.
 */
public final class WebhookDeliveries {

    /** What a delivery did. */
    public sealed interface Applied {
        /** The event id was recorded before: nothing was done. */
        record Repeated() implements Applied {}

        record Confirmed(UUID bookingId) implements Applied {}

        record Failed(UUID bookingId) implements Applied {}

        /** An order that no waiting booking takes: reported on the ops topic. */
        record Orphan(UUID bookingId, String orderId) implements Applied {}

        /** Recorded; nothing to change (the booking is already where the event would take it, or the type is not ours). */
        record NothingToDo() implements Applied {}
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final BookingTransitions transitions;
    private final BookingReader bookings;
    private final LateOrders lateOrders;
    private final OrphanOrders orphans;
    private final Clock clock;

    public WebhookDeliveries(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            BookingTransitions transitions,
            BookingReader bookings,
            LateOrders lateOrders,
            OrphanOrders orphans,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.transitions = transitions;
        this.bookings = bookings;
        this.lateOrders = lateOrders;
        this.orphans = orphans;
        this.clock = clock;
    }

    /**
     * @throws dev.flightpipeline.duffel.DuffelApiException for {@code order.creation_failed}, when
     *     Duffel's order list could not be read: nothing is recorded, Duffel's retry comes back
     * @throws dev.flightpipeline.duffel.DuffelUnreachableException likewise
     */
    Applied apply(WebhookEvent event) {
        Optional<Order> listed =
                event instanceof WebhookEvent.OrderCreationFailed failed ? orderOnDuffel(failed) : Optional.empty();
        return transactions.execute(status -> {
            int recorded = jdbc.sql("""
                            insert into webhook_delivery (event_id, event_type, booking_id, received_at)
                            values (?, ?, ?, ?)
                            on conflict (event_id) do nothing""")
                    .params(event.id(), event.type(), event.bookingId().orElse(null), Timestamp.from(clock.instant()))
                    .update();
            if (recorded == 0) {
                return new Applied.Repeated();
            }
            return switch (event) {
                case WebhookEvent.OrderCreated created ->
                    orderCreated(
                            created.order(),
                            created.bookingId(),
                            event,
                            "a Duffel webhook (order.created) announced the booking's order");
                case WebhookEvent.OrderCreationFailed failed ->
                    listed.isPresent()
                            ? orderCreated(
                                    listed.get(),
                                    failed.bookingId(),
                                    event,
                                    "a Duffel webhook said the order could not be created, but Duffel lists the"
                                            + " booking's order")
                            : orderCreationFailed(failed);
                case WebhookEvent.Other other -> new Applied.NothingToDo();
            };
        });
    }

    /** The booking, locked for the rest of the delivery's transaction. */
    private Optional<NamedBooking> lock(UUID bookingId) {
        return jdbc.sql("select status, duffel_order_id from booking where id = ? for update")
                .param(bookingId)
                .query((row, number) -> new NamedBooking(
                        BookingStatus.valueOf(row.getString("status")), row.getString("duffel_order_id")))
                .optional();
    }

    /** For a booking still awaiting its order, the order Duffel lists for it, if any. */
    private Optional<Order> orderOnDuffel(WebhookEvent.OrderCreationFailed event) {
        return event.bookingId()
                .flatMap(bookings::find)
                .filter(booking ->
                        booking.status() == BookingStatus.SUBMITTING || booking.status() == BookingStatus.UNKNOWN)
                .flatMap(booking -> lateOrders
                        .find(
                                booking.id(),
                                booking.createdAt(),
                                booking.travelers().stream()
                                        .map(traveler -> traveler.givenName() + " " + traveler.familyName())
                                        .toList())
                        .found());
    }

    private Applied orderCreated(Order order, Optional<UUID> bookingId, WebhookEvent event, String how) {
        Optional<NamedBooking> booking = bookingId.flatMap(this::lock);
        Optional<OrphanOrders.Kind> orphan = OrphanOrders.classify(order, booking.orElse(null));
        if (orphan.isPresent()) {
            orphans.report(
                    order, bookingId.orElse(null), booking.orElse(null), orphan.get(), OrphanOrders.FoundBy.WEBHOOK);
            return new Applied.Orphan(bookingId.orElse(null), order.id());
        }
        UUID id = bookingId.orElseThrow();
        BookingStatus status = booking.orElseThrow().status();
        if (status == BookingStatus.CONFIRMED) {
            // Confirmed with this very order already.
            return new Applied.NothingToDo();
        }
        // Late only if the booker's call ended without an answer. Duffel announces every order, so
        // the webhook often arrives while the booker's call is still under way (SUBMITTING): that
        // confirmation is on time, whichever of the two records it first.
        boolean late = status == BookingStatus.UNKNOWN;
        boolean confirmed = transitions.confirm(
                id,
                ConfirmedOrder.from(order),
                late,
                null,
                new OpsEvent(
                        late ? "reconciled_late" : "confirmed_by_webhook",
                        id,
                        "reconciler",
                        how,
                        Map.of(
                                "duffel_order_id",
                                order.id(),
                                "via",
                                "webhook",
                                "webhook_event_id",
                                event.id(),
                                "webhook_event_type",
                                event.type()),
                        clock.instant()));
        if (!confirmed) {
            // The row is locked and was awaiting an order: only a fault gets here. Retried.
            throw new IllegalStateException("booking " + id + " could not be confirmed");
        }
        return new Applied.Confirmed(id);
    }

    private Applied orderCreationFailed(WebhookEvent.OrderCreationFailed event) {
        Optional<UUID> bookingId = event.bookingId();
        Optional<NamedBooking> booking = bookingId.flatMap(this::lock);
        if (booking.isEmpty()
                || (booking.get().status() != BookingStatus.SUBMITTING
                        && booking.get().status() != BookingStatus.UNKNOWN)) {
            // Already confirmed (an order exists after all) or closed: the event changes nothing.
            return new Applied.NothingToDo();
        }
        UUID id = bookingId.get();
        String message =
                "Duffel could not create the order" + (event.errorMessage() == null ? "" : ": " + event.errorMessage());
        Map<String, String> attributes = new HashMap<>();
        attributes.put("reason", FailureReason.ORDER_NOT_CREATED.code());
        attributes.put("via", "webhook");
        attributes.put("webhook_event_id", event.id());
        if (event.orderId() != null) {
            attributes.put("duffel_order_id", event.orderId());
        }
        boolean failed = transitions.fail(
                id,
                FailureReason.ORDER_NOT_CREATED,
                message,
                null,
                null,
                new OpsEvent("closed_by_webhook", id, "reconciler", message, attributes, clock.instant()));
        if (!failed) {
            throw new IllegalStateException("booking " + id + " could not be closed");
        }
        return new Applied.Failed(id);
    }
}
