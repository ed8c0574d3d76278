package dev.flightpipeline.booking;

import java.sql.PreparedStatement;
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
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * Loads whole bookings, with their travelers and segments, by plain queries: the reads on the paths
 * every booking takes (the booker's, the gateway's answer), and every other read of the services.
 * The same values as Spring Data JDBC loads for a {@link Booking} (the tests check it), without its
 * mapping machinery and in fewer round trips: one booking in one, a list of bookings in three.
 */
public final class BookingReader {

    private static final String BOOKING_COLUMNS = """
            b.id, b.user_id, b.idempotency_key, b.request_fingerprint, b.offer_id, b.status, b.failure_code,
            b.failure_reason, b.duffel_order_id, b.booking_reference, b.total_amount, b.total_currency,
            b.offer_expires_at, b.expected_total_amount, b.expected_total_currency, b.attempts, b.last_attempt_at,
            b.last_duffel_request_id, b.submitted_by, b.late, b.next_check_at, b.created_at, b.updated_at,
            b.version""";
    private static final String TRAVELER_COLUMNS =
            "t.passenger_id, t.title, t.given_name, t.family_name, t.gender, t.born_on, t.email, t.phone_number";
    private static final String SEGMENT_COLUMNS = """
            s.slice_index, s.duffel_segment_id, s.origin, s.destination, s.departing_at, s.arriving_at,
            s.marketing_carrier, s.flight_number, s.operating_carrier, s.duration, s.aircraft""";

    private static final String BOOKING_WITH_TRAVELERS = "select " + BOOKING_COLUMNS + ", " + TRAVELER_COLUMNS + """
             from booking b left join traveler t on t.booking_id = b.id
            where b.id = ? order by t.position""";
    private static final String SEGMENTS_OF_ONE =
            "select " + SEGMENT_COLUMNS + " from segment s where s.booking_id = ? order by s.position";

    private final JdbcTemplate template;
    private final JdbcClient jdbc;

    public BookingReader(DataSource dataSource) {
        this.template = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(template);
    }

    /**
     * The whole booking in one round trip: the booking with its travelers and its segments are two
     * statements sent together, each planned once (one statement joining all three was planned
     * afresh at every call under load).
     */
    public Optional<Booking> find(UUID id) {
        return template.execute(
                BOOKING_WITH_TRAVELERS + ";\n" + SEGMENTS_OF_ONE,
                (PreparedStatementCallback<Optional<Booking>>) statement -> wholeBooking(statement, id));
    }

    private static Optional<Booking> wholeBooking(PreparedStatement statement, UUID id) throws SQLException {
        statement.setObject(1, id);
        statement.setObject(2, id);
        statement.execute();
        Optional<Booking> found;
        try (ResultSet rs = statement.getResultSet()) {
            found = bookingWithTravelers(rs);
        }
        if (!statement.getMoreResults()) {
            throw new IllegalStateException("the segments' statement returned no result");
        }
        List<Segment> segments = new ArrayList<>();
        try (ResultSet rs = statement.getResultSet()) {
            while (rs.next()) {
                segments.add(segment(rs));
            }
        }
        // Segments come with the confirmation; one that committed between the two statements
        // belongs to a state this read did not see.
        return found.map(booking -> booking.status() == BookingStatus.CONFIRMED
                ? booking.withTravelersAndSegments(booking.travelers(), segments)
                : booking);
    }

    /**
     * The booking and its travelers, without its segments: for those who act on a booking before it
     * is confirmed (the booker's submission), one statement.
     */
    public Optional<Booking> findWithTravelers(UUID id) {
        return jdbc.sql(BOOKING_WITH_TRAVELERS).param(id).query((ResultSetExtractor<Optional<Booking>>)
                BookingReader::bookingWithTravelers);
    }

    private static Optional<Booking> bookingWithTravelers(ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        Booking booking = booking(rs, 0);
        List<Traveler> travelers = new ArrayList<>();
        do {
            if (rs.getString("passenger_id") != null) {
                travelers.add(traveler(rs));
            }
        } while (rs.next());
        return Optional.of(booking.withTravelersAndSegments(travelers, List.of()));
    }

    /** A user's newest bookings, newest first. */
    public List<Booking> newestOfUser(String userId, int limit) {
        return withChildren(jdbc.sql("select " + BOOKING_COLUMNS + """
                         from booking b where b.user_id = ?
                        order by b.created_at desc, b.id desc limit ?""")
                .params(userId, limit)
                .query(BookingReader::booking)
                .list());
    }

    /** A user's bookings older than the given one (a keyset cursor: no gaps, no repeats), newest first. */
    public List<Booking> ofUserOlderThan(String userId, Instant createdAt, UUID id, int limit) {
        return withChildren(jdbc.sql("select " + BOOKING_COLUMNS + """
                         from booking b where b.user_id = ? and (b.created_at, b.id) < (?, ?)
                        order by b.created_at desc, b.id desc limit ?""")
                .params(userId, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC), id, limit)
                .query(BookingReader::booking)
                .list());
    }

    /** The bookings' travelers and segments, in one query each. */
    private List<Booking> withChildren(List<Booking> bookings) {
        if (bookings.isEmpty()) {
            return bookings;
        }
        SqlArrayValue ids =
                new SqlArrayValue("uuid", bookings.stream().map(Booking::id).toArray());
        Map<UUID, List<Traveler>> travelers = new HashMap<>();
        jdbc.sql("select t.booking_id, " + TRAVELER_COLUMNS
                        + " from traveler t where t.booking_id = any(?) order by t.booking_id, t.position")
                .param(ids)
                .query((RowCallbackHandler) rs -> travelers
                        .computeIfAbsent(rs.getObject("booking_id", UUID.class), any -> new ArrayList<>())
                        .add(traveler(rs)));
        Map<UUID, List<Segment>> segments = segmentsOf(ids);
        return bookings.stream()
                .map(booking -> booking.withTravelersAndSegments(
                        travelers.getOrDefault(booking.id(), List.of()),
                        segments.getOrDefault(booking.id(), List.of())))
                .toList();
    }

    /** The segments of the bookings, by booking, in order. */
    private Map<UUID, List<Segment>> segmentsOf(SqlArrayValue ids) {
        Map<UUID, List<Segment>> segments = new HashMap<>();
        jdbc.sql("select s.booking_id, " + SEGMENT_COLUMNS
                        + " from segment s where s.booking_id = any(?) order by s.booking_id, s.position")
                .param(ids)
                .query((RowCallbackHandler)
                        rs -> segments.computeIfAbsent(rs.getObject("booking_id", UUID.class), any -> new ArrayList<>())
                                .add(segment(rs)));
        return segments;
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

    private static Traveler traveler(ResultSet rs) throws SQLException {
        return new Traveler(
                rs.getString("passenger_id"),
                rs.getString("title"),
                rs.getString("given_name"),
                rs.getString("family_name"),
                rs.getString("gender"),
                rs.getObject("born_on", LocalDate.class),
                rs.getString("email"),
                rs.getString("phone_number"));
    }

    private static Segment segment(ResultSet rs) throws SQLException {
        return new Segment(
                rs.getInt("slice_index"),
                rs.getString("duffel_segment_id"),
                rs.getString("origin"),
                rs.getString("destination"),
                rs.getObject("departing_at", LocalDateTime.class),
                rs.getObject("arriving_at", LocalDateTime.class),
                rs.getString("marketing_carrier"),
                rs.getString("flight_number"),
                rs.getString("operating_carrier"),
                rs.getString("duration"),
                rs.getString("aircraft"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
