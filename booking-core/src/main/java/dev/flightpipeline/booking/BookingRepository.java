package dev.flightpipeline.booking;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

/** Bookings, loaded and saved with their travelers and segments. */
public interface BookingRepository extends ListCrudRepository<Booking, UUID> {

    /** The booking of this offer that has not failed, if any (there is at most one). */
    @Query("select * from booking where offer_id = :offerId and status <> 'FAILED'")
    Optional<Booking> findLiveByOfferId(String offerId);

    /** A user's newest bookings. */
    @Query("select * from booking where user_id = :userId order by created_at desc, id desc limit :limit")
    List<Booking> findNewestOfUser(String userId, int limit);

    /** A user's bookings older than the given one (a keyset cursor: no gaps, no repeats), newest first. */
    @Query("""
            select * from booking
            where user_id = :userId and (created_at, id) < (:createdAt, :id)
            order by created_at desc, id desc
            limit :limit""")
    List<Booking> findOfUserOlderThan(String userId, Instant createdAt, UUID id, int limit);
}
