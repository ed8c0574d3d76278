package dev.flightpipeline.reconciler.sweep;

import dev.flightpipeline.booking.BookingTransitions.DueBooking;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.duffel.Orders.OrderListQuery;
import java.time.Duration;
import java.util.Optional;

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
    public Optional<Order> find(DueBooking booking) {
        if (booking.passengerNames().isEmpty()) {
            return Optional.empty();
        }
        String bookingId = booking.bookingId().toString();
        return duffel.listAllOrders(
                        OrderListQuery.byPassengerName(booking.passengerNames().getFirst())
                                .withLimit(pageSize))
                .takeWhile(order -> order.createdAt() == null
                        || !order.createdAt().isBefore(booking.createdAt().minus(CLOCK_SLACK)))
                .filter(order -> order.metadata() != null
                        && bookingId.equals(order.metadata().get("booking_id")))
                .next()
                .blockOptional();
    }
}
