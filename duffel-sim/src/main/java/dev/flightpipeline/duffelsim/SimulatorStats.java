package dev.flightpipeline.duffelsim;

import java.util.Map;

/**
 * The simulator's counters since start or the last reset, for tests and benchmarks.
 *
 * @param searches offer requests answered with offers
 * @param createOrderCalls {@code POST /air/orders} calls, valid or not
 * @param ordersCreated orders that exist now (including those created before a fault)
 * @param ordersPerOffer orders created per offer id (more than 1 would be a double booking); null
 *     in a summary
 * @param ordersPerBookingId orders created per {@code metadata.booking_id}; null in a summary
 * @param bookingIdsWithSeveralOrders the booking ids with more than one order: duplicates
 * @param createOrderResults create-order calls by result: {@code created}, {@code invalid},
 *     {@code already_booked}, {@code offer_no_longer_available}, or a fault's name in lower case
 * @param offersHeld offers in memory (expired ones are evicted after a further offer lifetime)
 * @param inFlight requests in progress now
 * @param inFlightMax the most requests in progress at once since the last reset
 * @param webhooksSent deliveries answered 2xx
 * @param webhookDeliveryFailures events given up after the last attempt
 * @param forcedFaultsPending forced faults not yet used
 * @param lastCreateOrderTraceparent the W3C {@code traceparent} header of the last create-order
 *     call, null if it had none: where a test sees the trace reach Duffel
 */
public record SimulatorStats(
        long searches,
        long createOrderCalls,
        long ordersCreated,
        Map<String, Integer> ordersPerOffer,
        Map<String, Integer> ordersPerBookingId,
        Map<String, Integer> bookingIdsWithSeveralOrders,
        Map<String, Long> createOrderResults,
        long offersHeld,
        long inFlight,
        long inFlightMax,
        long webhooksSent,
        long webhookDeliveryFailures,
        int forcedFaultsPending,
        String lastCreateOrderTraceparent) {

    /** Orders created for {@code bookingId} (its {@code metadata.booking_id}). */
    public int ordersFor(String bookingId) {
        return ordersPerBookingId == null ? 0 : ordersPerBookingId.getOrDefault(bookingId, 0);
    }

    /** Create-order calls that ended in {@code result}. */
    public long results(String result) {
        return createOrderResults.getOrDefault(result, 0L);
    }

    /** The same counters without the per-offer and per-booking maps, which grow with every order. */
    public SimulatorStats summary() {
        return new SimulatorStats(
                searches,
                createOrderCalls,
                ordersCreated,
                null,
                null,
                bookingIdsWithSeveralOrders,
                createOrderResults,
                offersHeld,
                inFlight,
                inFlightMax,
                webhooksSent,
                webhookDeliveryFailures,
                forcedFaultsPending,
                lastCreateOrderTraceparent);
    }
}
