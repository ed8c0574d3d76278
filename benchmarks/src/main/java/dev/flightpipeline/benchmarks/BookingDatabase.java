package dev.flightpipeline.benchmarks;

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
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the booker's {@code booking} table (read only): how many bookings are in each state, and
 * how long their Duffel orders took as the booker recorded them.
 */
public final class BookingDatabase implements AutoCloseable {

    /** Mean order latency of the bookings confirmed in a window, and how many there were. */
    public record OrderLatency(double meanSeconds, long bookings) {}

    private final Connection connection;

    public BookingDatabase(String jdbcUrl, String user, String password) {
        try {
            connection = DriverManager.getConnection(jdbcUrl, user, password);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** Bookings per status (RECEIVED, SUBMITTING, CONFIRMED, FAILED, UNKNOWN). */
    public Map<String, Long> countByStatus() {
        Map<String, Long> counts = new TreeMap<>();
        try (PreparedStatement query =
                        connection.prepareStatement("select status, count(*) from booking group by status");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                counts.put(rows.getString(1), rows.getLong(2));
            }
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count bookings: " + e.getMessage(), e);
        }
    }

    /**
     * Bookings inserted so far, as PostgreSQL's statistics count them: up to a second behind the
     * table, and a lookup, where counting the table itself reads every row (at P2's rates a scan of
     * hundreds of thousands of rows every few seconds, a few per cent of the server's time in the
     * measured window, which the pipeline then lacks).
     */
    public long recordedSoFar() {
        try (PreparedStatement query = connection.prepareStatement(
                        "select coalesce(sum(n_tup_ins), 0) from pg_stat_user_tables where relname = 'booking'");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the booking table's statistics: " + e.getMessage(), e);
        }
    }

    /**
     * For the bookings confirmed in [{@code from}, {@code to}): the time from SUBMITTING (recorded
     * just before the order is sent, {@code last_attempt_at}) to CONFIRMED ({@code updated_at}). It
     * is the order call as the booker lived it, plus one commit.
     */
    public OrderLatency orderLatencyOfConfirmed(Instant from, Instant to) {
        try (PreparedStatement query = connection.prepareStatement("""
                select coalesce(avg(extract(epoch from updated_at - last_attempt_at)), 0), count(*)
                from booking
                where status = 'CONFIRMED' and updated_at >= ? and updated_at < ?""")) {
            query.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            query.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return new OrderLatency(row.getDouble(1), row.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read order latencies: " + e.getMessage(), e);
        }
    }

    /**
     * When the booking for each of these offers became RECEIVED, SUBMITTING (the last time) and
     * CONFIRMED, from the booker's history of state changes; offers without a confirmed booking are
     * left out. An offer is booked once, so it names its booking.
     */
    public Map<String, StageTimes> stageTimesByOffer(Collection<String> offerIds) {
        Map<String, StageTimes> times = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("""
                select b.offer_id,
                       min(c.changed_at) filter (where c.to_status = 'RECEIVED'),
                       max(c.changed_at) filter (where c.to_status = 'SUBMITTING'),
                       max(c.changed_at) filter (where c.to_status = 'CONFIRMED')
                from booking b join booking_state_change c on c.booking_id = b.id
                where b.offer_id = any(?) and b.status = 'CONFIRMED'
                group by b.offer_id""")) {
            query.setArray(1, connection.createArrayOf("text", offerIds.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Instant received = instant(rows, 2);
                    Instant submitting = instant(rows, 3);
                    Instant confirmed = instant(rows, 4);
                    if (received != null && submitting != null && confirmed != null) {
                        times.put(rows.getString(1), new StageTimes(received, submitting, confirmed));
                    }
                }
            }
            return times;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the bookings' state changes: " + e.getMessage(), e);
        }
    }

    /** When one booking became RECEIVED, SUBMITTING and CONFIRMED, by the booker's clock. */
    public record StageTimes(Instant received, Instant submitting, Instant confirmed) {}

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    /** The PostgreSQL server's main process, from the {@code postmaster.pid} file in its data directory. */
    public long postmasterPid() {
        try (PreparedStatement query = connection.prepareStatement("show data_directory");
                ResultSet row = query.executeQuery()) {
            row.next();
            Path pidFile = Path.of(row.getString(1), "postmaster.pid");
            return Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("cannot find PostgreSQL's process: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
