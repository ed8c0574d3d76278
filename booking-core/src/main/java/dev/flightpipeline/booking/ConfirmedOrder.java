package dev.flightpipeline.booking;

import java.math.BigDecimal;
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
}
