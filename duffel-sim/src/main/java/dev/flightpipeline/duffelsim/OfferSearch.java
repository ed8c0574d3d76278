package dev.flightpipeline.duffelsim;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One offer request as kept in memory: enough to draw its offers again, identically, whenever one
 * is read or booked, so an offer costs a few hundred bytes rather than its whole JSON.
 *
 * @param contentSeed draws airlines, prices and schedules (from the configured seed: repeatable)
 * @param idSeed draws the ids of offers, slices and segments (random: unique across resets)
 */
record OfferSearch(
        String id,
        SearchCriteria criteria,
        List<SearchPassenger> passengers,
        Instant createdAt,
        Instant expiresAt,
        long contentSeed,
        long idSeed) {

    /** What a valid offer request asks for. */
    record SearchCriteria(
            List<RequestedSlice> slices, List<RequestedPassenger> passengers, String cabinClass, int maxConnections) {}

    record RequestedSlice(String origin, String destination, LocalDate departureDate) {}

    /** A passenger as requested: a type, or an age (null when not given). */
    record RequestedPassenger(String type, Integer age) {}

    /** A passenger of the search with its {@code pas_} id. */
    record SearchPassenger(String id, String type, Integer age) {}
}
