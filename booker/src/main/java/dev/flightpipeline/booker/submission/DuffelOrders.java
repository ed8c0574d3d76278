package dev.flightpipeline.booker.submission;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.ConfirmedOrder;
import dev.flightpipeline.booking.Segment;
import dev.flightpipeline.booking.Traveler;
import dev.flightpipeline.duffel.Offers.FlightSegment;
import dev.flightpipeline.duffel.Offers.Slice;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.NewPassenger;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.events.Money;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Between a booking and Duffel's orders: what is sent, and what is kept of the answer. */
final class DuffelOrders {

    private DuffelOrders() {}

    /**
     * The order for a booking. Its {@code metadata} names the booking and the idempotency key: the
     * only way to match an order on Duffel to its booking later.
     */
    static CreateOrderCommand command(Booking booking, Money total) {
        List<NewPassenger> passengers =
                booking.travelers().stream().map(DuffelOrders::passenger).toList();
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("booking_id", booking.id().toString());
        metadata.put("idempotency_key", booking.idempotencyKey());
        return new CreateOrderCommand(booking.offerId(), passengers, total.decimal(), total.currency(), metadata);
    }

    private static NewPassenger passenger(Traveler traveler) {
        return new NewPassenger(
                traveler.passengerId(),
                traveler.title(),
                traveler.gender(),
                traveler.givenName(),
                traveler.familyName(),
                traveler.bornOn(),
                traveler.email(),
                traveler.phoneNumber());
    }

    static ConfirmedOrder confirmed(Order order) {
        List<Segment> segments = new ArrayList<>();
        List<Slice> slices = order.slices() == null ? List.of() : order.slices();
        for (int sliceIndex = 0; sliceIndex < slices.size(); sliceIndex++) {
            for (FlightSegment flight : slices.get(sliceIndex).segments()) {
                segments.add(new Segment(
                        sliceIndex,
                        flight.id(),
                        flight.origin().iataCode(),
                        flight.destination().iataCode(),
                        flight.departingAt(),
                        flight.arrivingAt(),
                        flight.marketingCarrier().iataCode(),
                        flight.marketingCarrierFlightNumber(),
                        flight.operatingCarrier() == null
                                ? null
                                : flight.operatingCarrier().iataCode(),
                        flight.duration(),
                        flight.aircraft() == null ? null : flight.aircraft().name()));
            }
        }
        return new ConfirmedOrder(
                order.id(), order.bookingReference(), order.totalAmount(), order.totalCurrency(), segments);
    }
}
