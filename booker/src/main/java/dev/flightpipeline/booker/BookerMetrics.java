package dev.flightpipeline.booker;

import dev.flightpipeline.booker.submission.BookingSubmitter;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.outbox.OutboxRelay;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The booker's own gauges, read when metrics are scraped: Duffel calls in flight and bookings under
 * way in this instance, the outbox events not yet published, and the bookings in each open state
 * (RECEIVED, SUBMITTING, UNKNOWN; read through the reconciler's partial index, so cheap however
 * many bookings have finished).
 */
final class BookerMetrics {

    private final JdbcClient jdbc;
    private final Map<String, Long> open = new ConcurrentHashMap<>();
    private long readAt = System.nanoTime() - 2_000_000_000L;

    BookerMetrics(MeterRegistry registry, BookingSubmitter submitter, OutboxRelay relay, JdbcClient jdbc) {
        this.jdbc = jdbc;
        Gauge.builder("booker.duffel.calls.in.flight", submitter, BookingSubmitter::inFlight)
                .description("Duffel bookings being sent now by this booker")
                .register(registry);
        Gauge.builder("booker.bookings.under.way", submitter, BookingSubmitter::underWay)
                .description("Bookings taken by this booker and not finished (waiting for a call slot or in a call)")
                .register(registry);
        Gauge.builder("booker.bookings.waiting.for.database", submitter, BookingSubmitter::waitingForDatabase)
                .description("Bookings waiting for one of the database permits the booker gives its bookings")
                .register(registry);
        Gauge.builder("booker.outbox.backlog", relay, OutboxRelay::backlog)
                .description("Outbox events not yet published (0 on a relay that is not the leader)")
                .register(registry);
        for (String status : new String[] {"RECEIVED", "SUBMITTING", "UNKNOWN"}) {
            Gauge.builder("booker.bookings.open", this, metrics -> metrics.openIn(status))
                    .description("Bookings not yet confirmed or failed, by state")
                    .tag("status", status.toLowerCase(Locale.ROOT))
                    .register(registry);
        }
    }

    /** All three states in one query, at most once a second however many gauges are read. */
    private synchronized double openIn(String status) {
        long now = System.nanoTime();
        if (now - readAt > 1_000_000_000L) {
            open.clear();
            jdbc.sql("select status, count(*) from booking where status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN') and "
                            + BookingTransitions.OPEN + " group by status")
                    .query((row, number) -> open.put(row.getString(1), row.getLong(2)))
                    .list();
            readAt = now;
        }
        return open.getOrDefault(status, 0L);
    }
}
