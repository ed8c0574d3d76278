package dev.flightpipeline.reconciler.sweep;

import dev.flightpipeline.booking.BookingTransitions.DueBooking;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.duffel.Orders.OrderListQuery;
import dev.flightpipeline.reconciler.OrderMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Finds a booking's order on Duffel. Duffel cannot filter orders by metadata, so the orders of one of
 * the booking's passengers are read, newest first, page by page, until one names the booking in
 * {@code metadata.booking_id}.
 */
public final class LateOrders {

    /**
     * Orders are listed newest first and none for a booking can be older than the booking: the
     * listing stops at orders older than that, less this much for clocks that disagree.
     */
    static final Duration CLOCK_SLACK = Duration.ofHours(1);

    /**
     * What a search read.
     *
     * @param found the booking's order, if Duffel has one
     * @param others the orders read before it (or all of the window, without it) that name another
     *     booking in their metadata: where orphans show up
     */
    public record Search(Optional<Order> found, List<Order> others) {
        public Search {
            others = List.copyOf(others);
        }
    }

    private final DuffelClient duffel;
    private final int pageSize;

    public LateOrders(DuffelClient duffel, int pageSize) {
        this.duffel = duffel;
        this.pageSize = pageSize;
    }

    /**
     * @throws dev.flightpipeline.duffel.DuffelApiException Duffel refused (a 429, a 5xx)
     * @throws dev.flightpipeline.duffel.DuffelUnreachableException no answer
     */
    public Search find(DueBooking booking) {
        return find(booking.bookingId(), booking.createdAt(), booking.passengerNames());
    }

    /**
     * @param passengerNames the booking's travelers' "given family" names; the first one is searched
     * @throws dev.flightpipeline.duffel.DuffelApiException Duffel refused (a 429, a 5xx)
     * @throws dev.flightpipeline.duffel.DuffelUnreachableException no answer
     */
    public Search find(UUID bookingId, Instant bookingCreatedAt, List<String> passengerNames) {
        List<Order> others = new ArrayList<>();
        if (passengerNames.isEmpty()) {
            return new Search(Optional.empty(), others);
        }
        String wanted = bookingId.toString();
        Instant oldestPossible = bookingCreatedAt.minus(CLOCK_SLACK);
        Optional<Order> found = duffel.listAllOrders(OrderListQuery.byPassengerName(passengerNames.getFirst())
                        .withLimit(pageSize))
                .takeWhile(
                        order -> order.createdAt() == null || !order.createdAt().isBefore(oldestPossible))
                .filter(order -> order.metadata() != null && order.metadata().get(OrderMetadata.BOOKING_ID) != null)
                .filter(order -> {
                    if (wanted.equals(order.metadata().get(OrderMetadata.BOOKING_ID))) {
                        return true;
                    }
                    others.add(order);
                    return false;
                })
                .next()
                .blockOptional();
        return new Search(found, others);
    }
}
