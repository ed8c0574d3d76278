package dev.flightpipeline.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Loads whole bookings, with their travelers and segments, by plain queries: the reads on the paths
 * every booking takes (the booker's, the gateway's answer). The same values as {@link
 * BookingRepository} loads, without its mapping machinery, and a list of bookings takes three queries
 * instead of two per booking.
 */
public final class BookingReader {

    private static final String BOOKING_COLUMNS = """
            id, user_id, idempotency_key, request_fingerprint, offer_id, status, failure_code, failure_reason,
            duffel_order_id, booking_reference, total_amount, total_currency, offer_expires_at,
            expected_total_amount, expected_total_currency, attempts, last_attempt_at, last_duffel_request_id,
            submitted_by, late, next_check_at, created_at, updated_at, version""";

    private final JdbcClient jdbc;

    public BookingReader(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Booking> find(UUID id) {
        return jdbc.sql("select " + BOOKING_COLUMNS + " from booking where id = ?")
                .param(id)
                .query(BookingReader::booking)
                .optional()
                .map(booking -> {
                    Children children = childrenOf(new Object[] {id}, "booking_id = ?");
                    return children.attachTo(booking);
                });
    }

    /** A user's newest bookings, newest first. */
    public List<Booking> newestOfUser(String userId, int limit) {
        return withChildren(jdbc.sql("select " + BOOKING_COLUMNS + """
                         from booking where user_id = ?
                        order by created_at desc, id desc limit ?""")
                .params(userId, limit)
                .query(BookingReader::booking)
                .list());
    }

    /** A user's bookings older than the given one (a keyset cursor: no gaps, no repeats), newest first. */
    public List<Booking> ofUserOlderThan(String userId, Instant createdAt, UUID id, int limit) {
        return withChildren(jdbc.sql("select " + BOOKING_COLUMNS + """
                         from booking where user_id = ? and (created_at, id) < (?, ?)
                        order by created_at desc, id desc limit ?""")
                .params(userId, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC), id, limit)
                .query(BookingReader::booking)
                .list());
    }

    private List<Booking> withChildren(List<Booking> bookings) {
        if (bookings.isEmpty()) {
            return bookings;
        }
        Object[] ids = {
            new SqlArrayValue("uuid", bookings.stream().map(Booking::id).toArray())
        };
        Children children = childrenOf(ids, "booking_id = any(?)");
        return bookings.stream().map(children::attachTo).toList();
    }

    /** The travelers and segments of the bookings the condition selects, by booking, in order. */
    private record Children(Map<UUID, List<Traveler>> travelers, Map<UUID, List<Segment>> segments) {
        Booking attachTo(Booking booking) {
            return booking.withTravelersAndSegments(
                    travelers.getOrDefault(booking.id(), List.of()), segments.getOrDefault(booking.id(), List.of()));
        }
    }

    private Children childrenOf(Object[] params, String bookingCondition) {
        Map<UUID, List<Traveler>> travelers = new HashMap<>();
        jdbc.sql("""
                        select booking_id, passenger_id, title, given_name, family_name, gender, born_on, email,
                            phone_number
                        from traveler where %s order by booking_id, position""".formatted(bookingCondition)).params(params).query((ResultSet rs) -> {
            travelers
                    .computeIfAbsent(rs.getObject(1, UUID.class), any -> new ArrayList<>())
                    .add(new Traveler(
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            rs.getObject(7, LocalDate.class),
                            rs.getString(8),
                            rs.getString(9)));
        });
        Map<UUID, List<Segment>> segments = new HashMap<>();
        jdbc.sql("""
                        select booking_id, slice_index, duffel_segment_id, origin, destination, departing_at,
                            arriving_at, marketing_carrier, flight_number, operating_carrier, duration, aircraft
                        from segment where %s order by booking_id, position""".formatted(bookingCondition)).params(params).query((ResultSet rs) -> {
            segments.computeIfAbsent(rs.getObject(1, UUID.class), any -> new ArrayList<>())
                    .add(new Segment(
                            rs.getInt(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getObject(6, LocalDateTime.class),
                            rs.getObject(7, LocalDateTime.class),
                            rs.getString(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12)));
        });
        return new Children(travelers, segments);
    }

    /** A booking's own columns; its travelers and segments are attached after. */
    private static Booking booking(ResultSet rs, int rowNumber) throws SQLException {
        return new Booking(
                rs.getObject("id", UUID.class),
                rs.getString("user_id"),
                rs.getString("idempotency_key"),
                rs.getString("request_fingerprint"),
                rs.getString("offer_id"),
                BookingStatus.valueOf(rs.getString("status")),
                rs.getString("failure_code"),
                rs.getString("failure_reason"),
                rs.getString("duffel_order_id"),
                rs.getString("booking_reference"),
                rs.getBigDecimal("total_amount"),
                rs.getString("total_currency"),
                instant(rs, "offer_expires_at"),
                rs.getBigDecimal("expected_total_amount"),
                rs.getString("expected_total_currency"),
                rs.getInt("attempts"),
                instant(rs, "last_attempt_at"),
                rs.getString("last_duffel_request_id"),
                rs.getString("submitted_by"),
                rs.getBoolean("late"),
                instant(rs, "next_check_at"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                rs.getLong("version"),
                List.of(),
                List.of());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
