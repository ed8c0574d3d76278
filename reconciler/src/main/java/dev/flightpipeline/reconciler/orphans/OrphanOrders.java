package dev.flightpipeline.reconciler.orphans;

import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.reconciler.OrderMetadata;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Duffel orders no booking takes, found by a webhook or met by the sweep while it pages through a
 * passenger's orders. Each is reported once, with what an operator needs to act, as an
 * {@code orphan_order} event on {@code booking.ops} and recorded in {@code orphan_order}, and counted
 * in {@code reconciler.orphan.orders} (by kind and by what found it).
 */
public final class OrphanOrders {

    public static final String OPS_KIND = "orphan_order";
    public static final String METRIC = "reconciler.orphan.orders";

    /** Why an order is an orphan, and what an operator should do about it. */
    public enum Kind {
        NO_SUCH_BOOKING(
                "Duffel created an order that names no booking of ours",
                "find who booked it; cancel it on Duffel if nobody should have"),
        SECOND_ORDER(
                "a second Duffel order for a booking confirmed with another order",
                "cancel the second order on Duffel; the booking keeps its first"),
        BOOKING_FAILED(
                "Duffel created an order for a booking already closed as FAILED",
                "the user was told it failed: cancel the order on Duffel, or contact the user and honour it"),
        BOOKING_NOT_SENT(
                "Duffel created an order for a booking that was never sent",
                "check the booking before it is sent: it would book a second time");

        private final String detail;
        private final String action;

        Kind(String detail, String action) {
            this.detail = detail;
            this.action = action;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What found the order. */
    public enum FoundBy {
        WEBHOOK,
        SWEEP;

        String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The booking an order names, as far as orphans are concerned: its state and its attached order. */
    public record NamedBooking(BookingStatus status, String duffelOrderId) {}

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final BookingTransitions transitions;
    private final MeterRegistry meters;
    private final Clock clock;

    public OrphanOrders(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            BookingTransitions transitions,
            MeterRegistry meters,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.transitions = transitions;
        this.meters = meters;
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            for (FoundBy foundBy : FoundBy.values()) {
                counter(kind, foundBy);
            }
        }
    }

    /**
     * Whether {@code order} is an orphan, given the booking it names ({@code null} when it names
     * none or one that does not exist). A booking still waiting for its order (SUBMITTING, UNKNOWN)
     * takes it: that is a late order, not an orphan.
     */
    public static Optional<Kind> classify(Order order, NamedBooking booking) {
        if (booking == null) {
            return Optional.of(Kind.NO_SUCH_BOOKING);
        }
        return switch (booking.status()) {
            case SUBMITTING, UNKNOWN -> Optional.empty();
            case CONFIRMED ->
                order.id().equals(booking.duffelOrderId()) ? Optional.empty() : Optional.of(Kind.SECOND_ORDER);
            case FAILED -> Optional.of(Kind.BOOKING_FAILED);
            case RECEIVED -> Optional.of(Kind.BOOKING_NOT_SENT);
        };
    }

    /**
     * Reports the order once, inside the caller's transaction if there is one.
     *
     * @return false if it was reported before
     */
    public boolean report(Order order, UUID bookingId, NamedBooking booking, Kind kind, FoundBy foundBy) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            int recorded = jdbc.sql("""
                            insert into orphan_order (duffel_order_id, booking_id, kind, found_by, reported_at)
                            values (?, ?, ?, ?, ?)
                            on conflict (duffel_order_id) do nothing""")
                    .params(order.id(), bookingId, kind.code(), foundBy.code(), Timestamp.from(clock.instant()))
                    .update();
            if (recorded == 0) {
                return false;
            }
            Map<String, String> attributes = new HashMap<>();
            attributes.put("orphan_kind", kind.code());
            attributes.put("found_by", foundBy.code());
            attributes.put("duffel_order_id", order.id());
            if (order.bookingReference() != null) {
                attributes.put("booking_reference", order.bookingReference());
            }
            if (booking != null && booking.duffelOrderId() != null) {
                attributes.put("booking_duffel_order_id", booking.duffelOrderId());
            }
            attributes.put("action", kind.action);
            UUID eventId = UUID.nameUUIDFromBytes((OPS_KIND + ":" + order.id()).getBytes(StandardCharsets.UTF_8));
            transitions.publishOps(
                    eventId, new OpsEvent(OPS_KIND, bookingId, "reconciler", kind.detail, attributes, clock.instant()));
            countAfterCommit(kind, foundBy);
            return true;
        }));
    }

    /**
     * Reports, one by one, the orders among {@code orders} that name a booking which does not take
     * them (the sweep meets them listing a passenger's orders). Orders naming no booking at all are
     * someone else's: the sweep lists by passenger name, so it meets other people's orders too.
     *
     * @return how many were reported now
     */
    public int reportOrphansAmong(List<Order> orders) {
        // Several orders may name one booking (a second order): each is checked.
        List<Map.Entry<UUID, Order>> naming = new ArrayList<>();
        for (Order order : orders) {
            OrderMetadata.bookingId(order.metadata()).ifPresent(bookingId -> naming.add(Map.entry(bookingId, order)));
        }
        if (naming.isEmpty()) {
            return 0;
        }
        Map<UUID, NamedBooking> named =
                named(naming.stream().map(Map.Entry::getKey).distinct().toList());
        int reported = 0;
        for (Map.Entry<UUID, Order> entry : naming) {
            NamedBooking booking = named.get(entry.getKey());
            Optional<Kind> kind = classify(entry.getValue(), booking);
            if (kind.isPresent() && report(entry.getValue(), entry.getKey(), booking, kind.get(), FoundBy.SWEEP)) {
                reported++;
            }
        }
        return reported;
    }

    /** The bookings of these ids that exist, in one query. */
    private Map<UUID, NamedBooking> named(Collection<UUID> bookingIds) {
        Map<UUID, NamedBooking> named = new HashMap<>();
        jdbc.sql("select id, status, duffel_order_id from booking where id = any(?)")
                .param(bookingIds.toArray(UUID[]::new))
                .query((row, number) -> named.put(
                        row.getObject("id", UUID.class),
                        new NamedBooking(
                                BookingStatus.valueOf(row.getString("status")), row.getString("duffel_order_id"))))
                .list();
        return named;
    }

    private void countAfterCommit(Kind kind, FoundBy foundBy) {
        Counter counter = counter(kind, foundBy);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            counter.increment();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                counter.increment();
            }
        });
    }

    private Counter counter(Kind kind, FoundBy foundBy) {
        return Counter.builder(METRIC)
                .description("Duffel orders no booking takes, reported to an operator on booking.ops")
                .tag("kind", kind.code())
                .tag("found_by", foundBy.code())
                .register(meters);
    }
}
