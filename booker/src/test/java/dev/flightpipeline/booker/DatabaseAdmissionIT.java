package dev.flightpipeline.booker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.BookingRequested;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Far more bookings than database connections, with Duffel answering at once: each booking waits
 * for its turn at the database, however long, instead of timing out inside the connection pool and
 * being left RECEIVED until the next sweep (here: not within the test).
 */
class DatabaseAdmissionIT {

    private static final int BOOKINGS = 300;

    private final BookerPipeline pipeline = BookerPipeline.shared();
    private final DuffelSimulator simulator = pipeline.simulator;
    /** A connection of the test's own: the booker's few are all busy. */
    private final JdbcClient database = JdbcClient.create(new DriverManagerDataSource(
            pipeline.database.jdbcUrl(), pipeline.database.username(), pipeline.database.password()));

    @BeforeEach
    void aSmallPoolThatGivesUpQuickly() {
        simulator.updateConfig(SimulatorConfig.defaults());
        pipeline.restartBookerWith(Map.of(
                "spring.datasource.hikari.maximum-pool-size", "6",
                "spring.datasource.hikari.connection-timeout", "250",
                "booker.received-sweep-interval", "1h"));
    }

    @AfterEach
    void usualBooker() {
        pipeline.restartBooker(() -> {});
    }

    @Test
    void threeHundredBookingsAtOnceOnSixConnectionsAreEachBookedOnceWithoutASweep() {
        List<BookingRequested> burst = IntStream.range(0, BOOKINGS)
                .mapToObj(i -> pipeline.requests.requestFor(pipeline.requests.offer(), "admission"))
                .toList();
        pipeline.requests.publishAll(burst);

        await().atMost(BookerPipeline.WITHIN).until(() -> confirmedBookings() == BOOKINGS);
        for (BookingRequested request : burst) {
            assertThat(simulator.stats().ordersFor(request.bookingId().toString()))
                    .as("orders for %s", request.bookingId())
                    .isEqualTo(1);
        }
    }

    private int confirmedBookings() {
        return database.sql("select count(*) from booking where user_id = 'admission' and status = 'CONFIRMED'")
                .query(Integer.class)
                .single();
    }
}
