package dev.flightpipeline.duffelsim;

import java.util.List;
import java.util.Locale;

/**
 * The filters of {@code GET /air/orders}. Names match as Duffel documents them: partially and
 * case-insensitively, on given, family or full name; an order matches when any of the names does.
 *
 * @param awaitingPayment null: either
 */
record OrderFilter(List<String> passengerNames, String bookingReference, Boolean awaitingPayment) {

    static final OrderFilter ALL = new OrderFilter(List.of(), null, null);

    OrderFilter {
        passengerNames = passengerNames.stream()
                .map(name -> name.trim().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty())
                .toList();
        bookingReference = bookingReference == null || bookingReference.isBlank()
                ? null
                : bookingReference.toUpperCase(Locale.ROOT);
    }

    boolean matches(Order order) {
        if (bookingReference != null && !bookingReference.equals(order.bookingReference())) {
            return false;
        }
        // Instant orders are paid at once: none awaits payment.
        if (Boolean.TRUE.equals(awaitingPayment)) {
            return false;
        }
        if (passengerNames.isEmpty()) {
            return true;
        }
        for (String name : passengerNames) {
            if (order.searchableNames().contains(name)) {
                return true;
            }
        }
        return false;
    }
}
