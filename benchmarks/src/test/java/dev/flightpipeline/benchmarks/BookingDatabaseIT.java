package dev.flightpipeline.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness's reads of the booking table, against a real PostgreSQL. */
class BookingDatabaseIT {

    private static EmbeddedPostgresServer postgres;

    @BeforeAll
    static void startPostgres() {
        postgres = EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary());
    }

    @AfterAll
    static void stopPostgres() {
        postgres.close();
    }

    @Test
    void recordedSoFarCountsTheInsertsOfOtherSessionsWithoutCountingTheTable() throws Exception {
        String url = postgres.jdbcUrl("postgres");
        try (Connection booker = DriverManager.getConnection(url, postgres.username(), postgres.password());
                Statement statement = booker.createStatement();
                BookingDatabase harness = new BookingDatabase(url, postgres.username(), postgres.password())) {
            statement.execute("create table booking (id integer primary key, status text not null)");
            assertThat(harness.recordedSoFar()).isZero();

            statement.execute("insert into booking values (1, 'RECEIVED'), (2, 'RECEIVED'), (3, 'RECEIVED')");
            statement.execute("update booking set status = 'CONFIRMED' where id = 1");

            // The inserting session reports its counts to the statistics within about a second.
            await().atMost(Duration.ofSeconds(15)).until(harness::recordedSoFar, recorded -> recorded == 3);
            assertThat(harness.countByStatus()).containsEntry("RECEIVED", 2L).containsEntry("CONFIRMED", 1L);
        }
    }
}
