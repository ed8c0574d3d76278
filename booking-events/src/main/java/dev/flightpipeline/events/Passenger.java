package dev.flightpipeline.events;

import java.time.LocalDate;

/**
 * A passenger to book.
 *
 * @param id the offer's passenger id ({@code pas_...})
 * @param gender {@code m} or {@code f}, as Duffel takes it
 */
public record Passenger(
        String id,
        String title,
        String givenName,
        String familyName,
        String gender,
        LocalDate bornOn,
        String email,
        String phoneNumber) {

    /** Personal data stays out of logs. */
    @Override
    public String toString() {
        return "Passenger[" + id + "]";
    }
}
