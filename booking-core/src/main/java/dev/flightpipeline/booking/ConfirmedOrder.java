package dev.flightpipeline.booking;

import dev.flightpipeline.duffel.Offers.FlightSegment;
import dev.flightpipeline.duffel.Offers.Slice;
import dev.flightpipeline.duffel.Orders.Order;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The Duffel order a booking is confirmed with: what is stored and announced of it. */
public record ConfirmedOrder(
        String duffelOrderId,
        String bookingReference,
        BigDecimal totalAmount,
        String totalCurrency,
        List<Segment> segments) {

    public ConfirmedOrder {
        segments = List.copyOf(segments);
    }

    /**
     * What is kept of a Duffel order, however it arrived (the booker's answer, the reconciler's
     * order list, a webhook): its id, PNR, total and flights.
     */
    public static ConfirmedOrder from(Order order) {
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
