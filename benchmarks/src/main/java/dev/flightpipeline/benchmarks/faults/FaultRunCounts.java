package dev.flightpipeline.benchmarks.faults;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a fault run ended with, counted from three witnesses that do not share state: the requests
 * the broker acknowledged, the {@code booking} table, the terminal events a read_committed consumer
 * read from {@code booking.outcomes}, and the orders the simulator holds. R1 holds when no booking
 * got two orders, none was lost, every booking has exactly one terminal event that agrees with its
 * status, and every order is attached to its booking.
 *
 * @param requested requests the broker acknowledged
 * @param accepted requests the booker recorded as a booking
 * @param confirmed bookings CONFIRMED
 * @param confirmedLate of those, confirmed by the reconciler after the booker's call ended without
 *     an answer
 * @param failedByCode bookings FAILED, by failure code
 * @param openByStatus requested bookings neither CONFIRMED nor FAILED, by status
 * @param lost requests without a terminal booking: never recorded, or still open
 * @param duplicateOrders booking ids with more than one order at the simulator
 * @param exactlyOneEvent terminal bookings with exactly one terminal event
 * @param withoutEvent terminal bookings with no terminal event
 * @param withSeveralEvents bookings with two or more terminal events
 * @param eventsDisagreeing bookings whose terminal event says another outcome than their status
 * @param ordersWithoutBooking orders whose {@code metadata.booking_id} names no booking
 * @param ordersOfFailedBookings orders whose booking is FAILED: an order left behind
 * @param confirmedWithOtherOrder CONFIRMED bookings whose order id is not the simulator's order for
 *     them
 */
public record FaultRunCounts(
        long requested,
        long accepted,
        long confirmed,
        long confirmedLate,
        Map<String, Long> failedByCode,
        Map<String, Long> openByStatus,
        long lost,
        long duplicateOrders,
        long exactlyOneEvent,
        long withoutEvent,
        long withSeveralEvents,
        long eventsDisagreeing,
        long ordersWithoutBooking,
        long ordersOfFailedBookings,
        long confirmedWithOtherOrder) {

    static final String CONFIRMED = "CONFIRMED";
    static final String FAILED = "FAILED";

    /** A row of the {@code booking} table, as far as the run needs it. */
    public record Booking(
            String id,
            String userId,
            String idempotencyKey,
            String status,
            String failureCode,
            String orderId,
            boolean late) {

        String requestKey() {
            return userId + ":" + idempotencyKey;
        }

        boolean terminal() {
            return status.equals(CONFIRMED) || status.equals(FAILED);
        }
    }

    /** An order the simulator holds, and the booking its metadata names (null if none). */
    public record SimulatedOrder(String orderId, String bookingId) {}

    public FaultRunCounts {
        failedByCode = Map.copyOf(failedByCode);
        openByStatus = Map.copyOf(openByStatus);
    }

    /**
     * @param requestKeys {@code <user id>:<idempotency key>} of each request the broker acknowledged
     * @param bookings every row of the {@code booking} table
     * @param terminalEvents per booking id, the outcome of each terminal event read ({@code
     *     CONFIRMED} or {@code FAILED}), in the order read
     * @param orders every order on the simulator
     */
    public static FaultRunCounts count(
            Set<String> requestKeys,
            Collection<Booking> bookings,
            Map<String, List<String>> terminalEvents,
            Collection<SimulatedOrder> orders) {
        Map<String, Booking> byRequest = new HashMap<>();
        Map<String, Booking> byId = new HashMap<>();
        for (Booking booking : bookings) {
            byRequest.put(booking.requestKey(), booking);
            byId.put(booking.id(), booking);
        }

        long accepted = 0;
        long lost = 0;
        Map<String, Long> openByStatus = new TreeMap<>();
        for (String key : requestKeys) {
            Booking booking = byRequest.get(key);
            if (booking != null) {
                accepted++;
            }
            if (booking == null || !booking.terminal()) {
                lost++;
                openByStatus.merge(booking == null ? "NOT_RECORDED" : booking.status(), 1L, Long::sum);
            }
        }

        long confirmed = 0;
        long confirmedLate = 0;
        Map<String, Long> failedByCode = new TreeMap<>();
        long exactlyOne = 0;
        long without = 0;
        long disagreeing = 0;
        for (Booking booking : bookings) {
            if (!booking.terminal()) {
                continue;
            }
            if (booking.status().equals(CONFIRMED)) {
                confirmed++;
                confirmedLate += booking.late() ? 1 : 0;
            } else {
                failedByCode.merge(String.valueOf(booking.failureCode()), 1L, Long::sum);
            }
            List<String> events = terminalEvents.getOrDefault(booking.id(), List.of());
            if (events.isEmpty()) {
                without++;
            } else if (events.size() == 1) {
                exactlyOne++;
            }
            if (events.stream().anyMatch(outcome -> !outcome.equals(booking.status()))) {
                disagreeing++;
            }
        }
        long several = terminalEvents.values().stream()
                .filter(events -> events.size() > 1)
                .count();

        Map<String, List<String>> ordersByBooking = new HashMap<>();
        long withoutBooking = 0;
        long ofFailed = 0;
        for (SimulatedOrder order : orders) {
            Booking booking = order.bookingId() == null ? null : byId.get(order.bookingId());
            if (booking == null) {
                withoutBooking++;
                continue;
            }
            ordersByBooking
                    .computeIfAbsent(booking.id(), id -> new java.util.ArrayList<>())
                    .add(order.orderId());
            if (booking.status().equals(FAILED)) {
                ofFailed++;
            }
        }
        long duplicates =
                ordersByBooking.values().stream().filter(ids -> ids.size() > 1).count();
        long otherOrder = bookings.stream()
                .filter(booking -> booking.status().equals(CONFIRMED))
                .filter(booking ->
                        !ordersByBooking.getOrDefault(booking.id(), List.of()).contains(booking.orderId()))
                .count();

        return new FaultRunCounts(
                requestKeys.size(),
                accepted,
                confirmed,
                confirmedLate,
                failedByCode,
                openByStatus,
                lost,
                duplicates,
                exactlyOne,
                without,
                several,
                disagreeing,
                withoutBooking,
                ofFailed,
                otherOrder);
    }

    public long failed() {
        return failedByCode.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Orders not attached to their booking, of either kind. */
    public long orphanOrders() {
        return ordersWithoutBooking + ordersOfFailedBookings + confirmedWithOtherOrder;
    }

    /** R1's invariants: no duplicate order, no loss, exactly one agreeing terminal event each, no orphan. */
    public boolean invariantsHeld() {
        return duplicateOrders == 0
                && lost == 0
                && withoutEvent == 0
                && withSeveralEvents == 0
                && eventsDisagreeing == 0
                && orphanOrders() == 0;
    }

    /** Why the invariants did not hold, one line each; empty when they did. */
    public List<String> violations() {
        List<String> violations = new java.util.ArrayList<>();
        add(violations, duplicateOrders, "booking(s) with two or more Duffel orders");
        add(violations, lost, "requested booking(s) lost (never recorded or not terminal): " + openByStatus);
        add(violations, withoutEvent, "terminal booking(s) without a terminal outcome event");
        add(violations, withSeveralEvents, "booking(s) with two or more terminal outcome events");
        add(violations, eventsDisagreeing, "booking(s) whose outcome event disagrees with their status");
        add(violations, ordersWithoutBooking, "order(s) on Duffel naming no booking");
        add(violations, ordersOfFailedBookings, "order(s) on Duffel whose booking FAILED");
        add(violations, confirmedWithOtherOrder, "CONFIRMED booking(s) whose order id is not their Duffel order");
        return violations;
    }

    private static void add(List<String> violations, long count, String what) {
        if (count > 0) {
            violations.add(count + " " + what);
        }
    }

    /** The printed summary. */
    public String table() {
        StringBuilder table = new StringBuilder();
        row(table, "requested", format("%,d", requested));
        row(table, "accepted (bookings recorded)", format("%,d", accepted));
        row(table, "confirmed", format("%,d (late, by the reconciler: %,d)", confirmed, confirmedLate));
        row(table, "failed", format("%,d %s", failed(), failedByCode));
        row(table, "lost (not terminal)", format("%,d %s", lost, openByStatus));
        row(table, "duplicate Duffel orders", format("%,d", duplicateOrders));
        row(
                table,
                "outcome events per booking",
                format(
                        "exactly 1: %,d   none: %,d   2 or more: %,d   disagreeing: %,d",
                        exactlyOneEvent, withoutEvent, withSeveralEvents, eventsDisagreeing));
        row(
                table,
                "orphan orders",
                format(
                        "%,d (no booking: %,d, booking failed: %,d, confirmed with another id: %,d)",
                        orphanOrders(), ordersWithoutBooking, ordersOfFailedBookings, confirmedWithOtherOrder));
        return table.toString();
    }

    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("requested", requested);
        json.put("accepted", accepted);
        json.put("confirmed", confirmed);
        json.put("confirmedLate", confirmedLate);
        json.put("failed", failed());
        json.put("failedByCode", new TreeMap<>(failedByCode));
        json.put("lost", lost);
        json.put("openByStatus", new TreeMap<>(openByStatus));
        json.put("duplicateOrders", duplicateOrders);
        json.put("exactlyOneTerminalEvent", exactlyOneEvent);
        json.put("withoutTerminalEvent", withoutEvent);
        json.put("withSeveralTerminalEvents", withSeveralEvents);
        json.put("eventsDisagreeingWithStatus", eventsDisagreeing);
        json.put("ordersWithoutBooking", ordersWithoutBooking);
        json.put("ordersOfFailedBookings", ordersOfFailedBookings);
        json.put("confirmedWithOtherOrder", confirmedWithOtherOrder);
        json.put("invariantsHeld", invariantsHeld());
        return json;
    }

    private static void row(StringBuilder table, String name, String value) {
        table.append(format("  %-30s %s%n", name, value));
    }

    static String format(String pattern, Object... values) {
        return String.format(Locale.ROOT, pattern, values);
    }
}
