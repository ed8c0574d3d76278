package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.benchmarks.faults.FaultRunCounts.Booking;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code booking} table (read only), on a new connection each time: the database is
 * restarted during the run.
 */
final class BookingTable {

    private final String jdbcUrl;
    private final String user;

    BookingTable(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /** Bookings per status; empty before the booker created the table. */
    Map<String, Long> countByStatus() throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement query =
                        connection.prepareStatement("select status, count(*) from booking group by status");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return counts;
    }

    List<Booking> all() throws SQLException {
        List<Booking> bookings = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement query = connection.prepareStatement("""
                        select id, user_id, idempotency_key, status, failure_code, duffel_order_id, late
                        from booking""");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                bookings.add(new Booking(
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        rows.getString(4),
                        rows.getString(5),
                        rows.getString(6),
                        rows.getBoolean(7)));
            }
        }
        return bookings;
    }

    /**
     * Every booking's path through the state machine, one line each (no passenger data): what to
     * read when a count is wrong. Times are seconds since the booking was recorded.
     */
    void writeHistories(Path file) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement query = connection.prepareStatement("""
                        select b.id, b.status, coalesce(b.failure_code, ''), b.late, b.attempts,
                               b.created_at, b.offer_expires_at, coalesce(b.duffel_order_id, ''),
                               (select string_agg(coalesce(c.from_status, '-') || '>' || c.to_status
                                                  || coalesce('(' || c.reason || ')', '') || '@'
                                                  || round(extract(epoch from c.changed_at - b.created_at)::numeric, 1),
                                                  ' ' order by c.id)
                                from booking_state_change c where c.booking_id = b.id)
                        from booking b order by b.created_at""");
                ResultSet rows = query.executeQuery();
                BufferedWriter out = Files.newBufferedWriter(file)) {
            out.write("booking_id,status,failure_code,late,attempts,created_at,offer_expires_at,order_id,history\n");
            while (rows.next()) {
                out.write(String.join(
                        ",",
                        rows.getString(1),
                        rows.getString(2),
                        rows.getString(3),
                        Boolean.toString(rows.getBoolean(4)),
                        Integer.toString(rows.getInt(5)),
                        String.valueOf(rows.getObject(6, OffsetDateTime.class)),
                        String.valueOf(rows.getObject(7, OffsetDateTime.class)),
                        rows.getString(8),
                        String.valueOf(rows.getString(9))));
                out.write("\n");
            }
        }
    }

    /**
     * When the first booking recorded after {@code since} was recorded (the booker's intake writes a
     * booking as it reads its request), or null if none has been.
     */
    Instant firstRecordedAfter(Instant since) throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement query =
                        connection.prepareStatement("select min(created_at) from booking where created_at > ?")) {
            query.setObject(1, OffsetDateTime.ofInstant(since, ZoneOffset.UTC));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                OffsetDateTime at = row.getObject(1, OffsetDateTime.class);
                return at == null ? null : at.toInstant();
            }
        }
    }

    /** When the last booking became terminal (its last change), or null if none has. */
    Instant lastTerminalAt() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, "");
                PreparedStatement query = connection.prepareStatement(
                        "select max(updated_at) from booking where status in ('CONFIRMED', 'FAILED')");
                ResultSet row = query.executeQuery()) {
            row.next();
            OffsetDateTime at = row.getObject(1, OffsetDateTime.class);
            return at == null ? null : at.toInstant();
        }
    }
}
