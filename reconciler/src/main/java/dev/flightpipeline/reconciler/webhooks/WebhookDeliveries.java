package dev.flightpipeline.reconciler.webhooks;

import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.ConfirmedOrder;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.OpsEvent;
import java.nio.charset.StandardCharsets;
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
 *   <li>{@code order.created} for a SUBMITTING or UNKNOWN booking: CONFIRMED, late, with the order.
 *   <li>{@code order.created} for a booking already CONFIRMED with that order: nothing.
 *   <li>{@code order.created} for no booking, a booking confirmed with another order, a FAILED one
 *       (an order exists for a booking the user was told failed) or a RECEIVED one (never sent): an
 *       {@code orphan_order} ops event for an operator.
 *   <li>{@code order.creation_failed} for a SUBMITTING or UNKNOWN booking: FAILED,
 *       {@link FailureReason#ORDER_NOT_CREATED} (Duffel says no order was created); otherwise nothing.
 * </ul>
 */
public final class WebhookDeliveries {

    public static final String ORPHAN_ORDER = "orphan_order";

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
    private final Clock clock;

    public WebhookDeliveries(
            JdbcClient jdbc, TransactionTemplate transactions, BookingTransitions transitions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.transitions = transitions;
        this.clock = clock;
    }

    Applied apply(WebhookEvent event) {
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
                case WebhookEvent.OrderCreated created -> orderCreated(created);
                case WebhookEvent.OrderCreationFailed failed -> orderCreationFailed(failed);
                case WebhookEvent.Other other -> new Applied.NothingToDo();
            };
        });
    }

    private record Current(BookingStatus status, String duffelOrderId) {}

    /** The booking, locked for the rest of the delivery's transaction. */
    private Optional<Current> lock(UUID bookingId) {
        return jdbc.sql("select status, duffel_order_id from booking where id = ? for update")
                .param(bookingId)
                .query((row, number) ->
                        new Current(BookingStatus.valueOf(row.getString("status")), row.getString("duffel_order_id")))
                .optional();
    }

    private Applied orderCreated(WebhookEvent.OrderCreated event) {
        Order order = event.order();
        Optional<UUID> bookingId = event.bookingId();
        Optional<Current> booking = bookingId.flatMap(this::lock);
        if (booking.isEmpty()) {
            return orphan(
                    bookingId.orElse(null),
                    order,
                    "Duffel created an order that names no booking of ours",
                    "find who booked it; cancel it on Duffel if nobody should have");
        }
        UUID id = bookingId.get();
        return switch (booking.get().status()) {
            case SUBMITTING, UNKNOWN -> {
                boolean confirmed = transitions.confirm(
                        id,
                        ConfirmedOrder.from(order),
                        true,
                        null,
                        new OpsEvent(
                                "reconciled_late",
                                id,
                                "reconciler",
                                "a Duffel webhook (order.created) announced the booking's order",
                                Map.of("duffel_order_id", order.id(), "via", "webhook", "webhook_event_id", event.id()),
                                clock.instant()));
                if (!confirmed) {
                    // The row is locked and was awaiting an order: only a fault gets here. Retried.
                    throw new IllegalStateException("booking " + id + " could not be confirmed");
                }
                yield new Applied.Confirmed(id);
            }
            case CONFIRMED ->
                order.id().equals(booking.get().duffelOrderId())
                        ? new Applied.NothingToDo()
                        : orphan(
                                id,
                                order,
                                "a second Duffel order for a booking confirmed with order "
                                        + booking.get().duffelOrderId(),
                                "cancel the second order on Duffel; the booking keeps its first");
            case FAILED ->
                orphan(
                        id,
                        order,
                        "Duffel created an order for a booking already closed as FAILED",
                        "the user was told it failed: cancel the order on Duffel, or contact the user and honour it");
            case RECEIVED ->
                orphan(
                        id,
                        order,
                        "Duffel created an order for a booking that was never sent",
                        "check the booking before it is sent: it would book a second time");
        };
    }

    private Applied orderCreationFailed(WebhookEvent.OrderCreationFailed event) {
        Optional<UUID> bookingId = event.bookingId();
        Optional<Current> booking = bookingId.flatMap(this::lock);
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

    private Applied orphan(UUID bookingId, Order order, String detail, String action) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("duffel_order_id", order.id());
        if (order.bookingReference() != null) {
            attributes.put("booking_reference", order.bookingReference());
        }
        attributes.put("action", action);
        // One report per order (and booking), however many events announce it.
        UUID eventId = UUID.nameUUIDFromBytes(
                (ORPHAN_ORDER + ":" + order.id() + ":" + bookingId).getBytes(StandardCharsets.UTF_8));
        transitions.publishOps(
                eventId, new OpsEvent(ORPHAN_ORDER, bookingId, "reconciler", detail, attributes, clock.instant()));
        return new Applied.Orphan(bookingId, order.id());
    }
}
