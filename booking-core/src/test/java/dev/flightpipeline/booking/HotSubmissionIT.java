package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.booking.BookingTransitions.CheckTimes;
import dev.flightpipeline.booking.BookingTransitions.SubmissionStart;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starting a submission changes no indexed column, so PostgreSQL writes the booking's new version
 * as a HOT update (same page, no new index entry), the cheapest update it has. Counted by the
 * database itself, in the transaction that made them. A database of its own, so that the bookings'
 * page has room for their new versions whatever other tests wrote.
 */
class HotSubmissionIT {

    static final Instant NOW = Instant.parse("2026-12-01T10:15:30.123456Z");
    static final Money TOTAL = new Money("412.70", "GBP");

    BookingTransitions transitions;
    TransactionTemplate transactions;
    JdbcClient jdbc;

    @BeforeEach
    void migrateADatabaseOfItsOwn() {
        PostgresEndpoint database = TestInfrastructure.postgres().newDatabase("hot_submission");
        DataSource dataSource = database.dataSource();
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc = JdbcClient.create(dataSource);
        transitions = new BookingTransitions(
                new JdbcTemplate(dataSource),
                transactions,
                Clock.fixed(NOW, ZoneOffset.UTC),
                "booker",
                CheckTimes.defaults());
    }

    @Test
    void oneSubmissionStartedAloneIsAHotUpdate() {
        BookingRequested request = received();

        long hotUpdates = hotUpdatesOfBookingIn(() -> transitions
                .startSubmission(request.bookingId(), "booker-1", TOTAL, NOW.plus(Duration.ofMinutes(20)))
                .orElseThrow());

        assertThat(hotUpdates).isOne();
    }

    @Test
    void submissionsStartedTogetherAreEachAHotUpdate() {
        List<SubmissionStart> starts = List.of(received(), received(), received()).stream()
                .map(request -> new SubmissionStart(request.bookingId(), TOTAL, NOW.plus(Duration.ofMinutes(20))))
                .toList();

        long hotUpdates = hotUpdatesOfBookingIn(() ->
                assertThat(transitions.startSubmissions(starts, "booker-1")).hasSize(3));

        assertThat(hotUpdates).isEqualTo(3);
    }

    private BookingRequested received() {
        String key = "key-" + UUID.randomUUID();
        BookingRequested request = new BookingRequested(
                UUID.randomUUID(),
                "user-" + UUID.randomUUID(),
                key,
                "sha256:" + key,
                "off_" + UUID.randomUUID(),
                List.of(new Passenger("pas_1", "mr", "Tony", "Stark", "m", LocalDate.parse("1970-05-29"), null, null)),
                TOTAL,
                NOW);
        transitions.receive(request);
        return request;
    }

    /**
     * The HOT updates of booking that {@code work} made: this transaction's count, which the
     * statistics have not yet taken, read before and after it on its connection.
     */
    private long hotUpdatesOfBookingIn(Runnable work) {
        return transactions.execute(status -> {
            long before = hotUpdatesOfBookingSoFar();
            work.run();
            return hotUpdatesOfBookingSoFar() - before;
        });
    }

    private long hotUpdatesOfBookingSoFar() {
        return jdbc.sql("select pg_stat_get_xact_tuples_hot_updated('booking'::regclass)")
                .query(Long.class)
                .single();
    }
}
