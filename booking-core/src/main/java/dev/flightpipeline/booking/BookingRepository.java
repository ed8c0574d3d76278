package dev.flightpipeline.booking;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/**
 * Bookings, loaded and saved whole (with their travelers and segments) by Spring Data: what tests set
 * bookings up with and check against. The services read bookings through the {@link BookingReader},
 * which is cheaper on the path every booking takes, and change them only through {@link
 * BookingTransitions}.
 */
public interface BookingRepository extends ListCrudRepository<Booking, UUID> {

    /** The booking of this offer that has not failed, if any (there is at most one). */
    @Query("select * from booking where offer_id = :offerId and status <> 'FAILED'")
    Optional<Booking> findLiveByOfferId(String offerId);
}
