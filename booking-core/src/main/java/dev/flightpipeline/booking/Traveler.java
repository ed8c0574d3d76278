package dev.flightpipeline.booking;

import java.time.LocalDate;

/**
 * A passenger of a booking, as sent to Duffel.
 *
 * @param passengerId Duffel's {@code pas_} id from the offer
 */
public record Traveler(
        String passengerId,
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
        return "Traveler[" + passengerId + "]";
    }
}
