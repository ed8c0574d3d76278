package dev.flightpipeline.reconciler.operator;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.flightpipeline.booking.BookingTransitions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The bookings that are neither confirmed nor failed, as an operator looks at them: oldest first,
 * read through the reconciler's partial index.
 */
final class OpenBookings {

    /**
     * One open booking. No passenger data: an operator acts on ids and Duffel request ids.
     *
     * @param claimedUntil a reconciler is checking it until then; null when none is
     */
    record OpenBooking(
            @JsonProperty("booking_id") UUID bookingId,
            String status,
            @JsonProperty("age_seconds") long ageSeconds,
            int attempts,
            @JsonProperty("last_duffel_request_id") String lastDuffelRequestId,
            @JsonProperty("offer_id") String offerId,
            @JsonProperty("offer_expires_at") Instant offerExpiresAt,
            @JsonProperty("next_check_at") Instant nextCheckAt,
            @JsonProperty("claimed_until") Instant claimedUntil) {}

    private static final String COLUMNS = """
            select id, status, created_at, attempts, last_duffel_request_id, offer_id, offer_expires_at,
                next_check_at, claimed_until from booking""";

    private final JdbcClient jdbc;

    OpenBookings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<OpenBooking> oldest(int limit, Instant now) {
        return jdbc.sql(COLUMNS + " where status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN') and "
                        + BookingTransitions.OPEN + " order by next_check_at, id limit ?")
                .param(limit)
                .query((row, number) -> openBooking(row, now))
                .list();
    }

    Optional<OpenBooking> one(UUID bookingId, Instant now) {
        return jdbc.sql(COLUMNS + " where id = ?")
                .param(bookingId)
                .query((row, number) -> openBooking(row, now))
                .optional();
    }

    /**
     * Puts the booking first in the reconciler's queue.
     *
     * @return false when it is not open (confirmed, failed or unknown id)
     */
    boolean dueNow(UUID bookingId, Instant now) {
        return jdbc.sql("""
                                update booking set next_check_at = ?, claimed_until = null
                                where id = ? and status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN')""")
                        .params(Timestamp.from(now.minus(Duration.ofDays(3650))), bookingId)
                        .update()
                == 1;
    }

    private static OpenBooking openBooking(ResultSet row, Instant now) throws SQLException {
        Timestamp created = row.getTimestamp("created_at");
        Timestamp expires = row.getTimestamp("offer_expires_at");
        Timestamp next = row.getTimestamp("next_check_at");
        Timestamp claimedUntil = row.getTimestamp("claimed_until");
        return new OpenBooking(
                row.getObject("id", UUID.class),
                row.getString("status"),
                Duration.between(created.toInstant(), now).toSeconds(),
                row.getInt("attempts"),
                row.getString("last_duffel_request_id"),
                row.getString("offer_id"),
                expires == null ? null : expires.toInstant(),
                next == null ? null : next.toInstant(),
                claimedUntil == null || !claimedUntil.toInstant().isAfter(now) ? null : claimedUntil.toInstant());
    }
}
