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

    @Test
    void anOpenBookingKeepsTheReconcilersChecksItHadInItsHistoryWhenTheClaimsColumnsAreAdded() {
        PostgresEndpoint database = TestInfrastructure.postgres().newDatabase("booking_schema_v3");
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .target("3")
                .load()
                .migrate();
        jdbc.update("""
                insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status,
                                     next_check_at, created_at, updated_at, version)
                values ('00000000-0000-0000-0000-000000000001', 'u', 'k1', 'fp', 'off_1', 'UNKNOWN', now(), now(), now(), 1),
                       ('00000000-0000-0000-0000-000000000002', 'u', 'k2', 'fp', 'off_2', 'SUBMITTING', now(), now(), now(), 1)""");
        jdbc.update("""
                insert into booking_state_change (booking_id, from_status, to_status, reason)
                values ('00000000-0000-0000-0000-000000000001', 'SUBMITTING', 'UNKNOWN', 'duffel_no_answer'),
                       ('00000000-0000-0000-0000-000000000001', 'UNKNOWN', 'UNKNOWN', 'order_not_found_yet'),
                       ('00000000-0000-0000-0000-000000000001', 'UNKNOWN', 'UNKNOWN', 'order_not_found_yet')""");

        Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration")
                .load()
                .migrate();

        assertThat(jdbc.queryForList("select reconciler_checks from booking order by id", Integer.class))
                .containsExactly(2, 0);
        assertThat(jdbc.queryForList("select claimed_until from booking", Object.class))
                .containsOnlyNulls();
    }
}
