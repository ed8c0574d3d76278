package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.testsupport.RealInfrastructureInitializer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;

/** The reconciler's query must read only the bookings that are not terminal, through their index. */
@SpringBootTest(classes = BookingCoreTestApplication.class)
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class ReconcilerQueryPlanIT {

    static final String RECONCILER_QUERY = """
            select id from booking
            where status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN') and next_check_at <= now()
            order by next_check_at, id
            limit 100
            for update skip locked""";

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void findingStuckBookingsAmongManyFinishedOnesUsesThePartialIndex() {
        jdbc.execute("""
                insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status,
                                     duffel_order_id, failure_code, created_at, updated_at, version)
                select gen_random_uuid(), 'user-' || (n % 5000), 'key-' || n, 'fp', 'off_done_' || n,
                       case when n % 4 = 0 then 'FAILED' else 'CONFIRMED' end,
                       case when n % 4 = 0 then null else 'ord_' || n end,
                       case when n % 4 = 0 then 'offer_expired' else null end,
                       now() - interval '1 day', now(), 0
                from generate_series(1, 200000) as n""");
        jdbc.execute("""
                insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status,
                                     next_check_at, created_at, updated_at, version)
                select gen_random_uuid(), 'stuck-user', 'stuck-' || n, 'fp', 'off_stuck_' || n, 'UNKNOWN',
                       now() - interval '1 minute', now(), now(), 0
                from generate_series(1, 100) as n""");
        jdbc.execute("analyze booking");

        List<String> plan = jdbc.queryForList("explain " + RECONCILER_QUERY, String.class);

        assertThat(String.join("\n", plan)).contains("booking_reconciler_due").doesNotContain("Seq Scan on booking");
        assertThat(jdbc.queryForList(RECONCILER_QUERY, String.class)).hasSize(100);
    }
}
