package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The migrations as an application's Flyway runs them, without Spring, on a database of their own. */
class SchemaMigrationIT {

    @Test
    void theMigrationsApplyOnAnEmptyDatabaseAndASecondRunHasNothingToDo() {
        PostgresEndpoint database = TestInfrastructure.postgres().newDatabase("booking_schema");
        Flyway flyway = Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .load();

        MigrateResult first = flyway.migrate();
        MigrateResult second = flyway.migrate();

        assertThat(first.success).isTrue();
        assertThat(first.migrationsExecuted).isPositive();
        assertThat(second.migrationsExecuted).isZero();
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        assertThat(jdbc.queryForList(
                        "select table_name from information_schema.tables where table_schema = 'public'", String.class))
                .contains(
                        "booking",
                        "traveler",
                        "segment",
                        "outbox_event",
                        "webhook_delivery",
                        "booking_state_change",
                        "idempotency_record");
        assertThat(jdbc.queryForList("select indexname from pg_indexes where tablename = 'booking'", String.class))
                .contains("booking_live_offer_unique", "booking_reconciler_due", "booking_user_newest_first");
    }
}
