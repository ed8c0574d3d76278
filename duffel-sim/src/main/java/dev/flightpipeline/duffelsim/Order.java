package dev.flightpipeline.duffelsim;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An order as kept in memory: what the request gave, plus the offer it was made from (its slices
 * and prices are drawn again from the offer when the order is shown).
 *
 * @param searchableNames every passenger's "given family" name in lower case, one per line, for
 *     Duffel's partial name filter
 */
record Order(
        String id,
        String bookingReference,
        Instant createdAt,
        StoredOffer offer,
        List<Passenger> passengers,
        List<String> ticketNumbers,
        Map<String, String> metadata,
        String searchableNames) {

    /** A passenger as booked (personal data: never logged). */
    record Passenger(
            String id,
            String type,
            String title,
            String givenName,
            String familyName,
            String gender,
            String bornOn,
            String email,
            String phoneNumber) {}

    static Order of(
            String id,
            String bookingReference,
            Instant createdAt,
            StoredOffer offer,
            List<Passenger> passengers,
            List<String> ticketNumbers,
            Map<String, String> metadata) {
        StringBuilder names = new StringBuilder();
        for (Passenger passenger : passengers) {
            names.append(passenger.givenName().toLowerCase(Locale.ROOT))
                    .append(' ')
                    .append(passenger.familyName().toLowerCase(Locale.ROOT))
                    .append('\n');
        }
        return new Order(
                id,
                bookingReference,
                createdAt,
                offer,
                List.copyOf(passengers),
                List.copyOf(ticketNumbers),
                Collections.unmodifiableMap(new LinkedHashMap<>(metadata)),
                names.toString());
    }

    /** The {@code metadata.booking_id} the order was made for, or null. */
    String bookingId() {
        return metadata.get("booking_id");
    }
}
