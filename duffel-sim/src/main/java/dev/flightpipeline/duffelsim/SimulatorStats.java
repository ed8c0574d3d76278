package dev.flightpipeline.duffelsim;

import java.util.Map;

/**
 * The simulator's counters, for tests and benchmarks.
 *
 * @param ordersPerOffer orders created per offer id (more than 1 would be a double booking)
 * @param ordersPerBookingId orders created per {@code metadata.booking_id}
 * @param createOrderResults create-order calls by result (created, already_booked, each fault ...)
 * @param inFlightMax the most requests in progress at once since the last reset
 */
public record SimulatorStats(
        long searches,
        long createOrderCalls,
        long ordersCreated,
        Map<String, Integer> ordersPerOffer,
        Map<String, Integer> ordersPerBookingId,
        Map<String, Long> createOrderResults,
        long inFlight,
        long inFlightMax,
        long webhooksSent,
        long webhookDeliveryFailures) {}
