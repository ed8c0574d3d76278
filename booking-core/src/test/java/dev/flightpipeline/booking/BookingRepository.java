package dev.flightpipeline.booking;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Bookings, loaded and saved whole (with their travelers and segments) by Spring Data: what these
 * tests set bookings up with and check the {@link BookingReader} and {@link BookingTransitions}
 * against. The services have no repository: they read bookings through the reader and change them
 * only through the transitions.
 */
public interface BookingRepository extends ListCrudRepository<Booking, UUID> {

    /** The booking of this offer that has not failed, if any (there is at most one). */
    @Query("select * from booking where offer_id = :offerId and status <> 'FAILED'")
    Optional<Booking> findLiveByOfferId(String offerId);
}
