package dev.flightpipeline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.testsupport.RealInfrastructureInitializer;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The reconciler's claim ({@link BookingTransitions#CLAIM_DUE_QUERY}, the very statement {@code
 * claimDue} runs) must find the bookings that are not terminal through the partial index {@code
 * booking_reconciler_due}, and reach the ones it claims by primary key, however many finished
 * bookings the table holds (P5: index, not scan); and so must the booker's own queries for its open
 * bookings. A database of its own, filled once with 200,000 finished bookings and 1,000 due ones.
 */
@SpringBootTest(
        classes = BookingCoreTestApplication.class,
        properties = "spring.application.name=reconciler-query-plan")
@ContextConfiguration(initializers = RealInfrastructureInitializer.class)
class ReconcilerQueryPlanIT {

    static final int FINISHED = 200_000;
    static final int DUE = 1_000;

    @Autowired
    DataSource dataSource;

    static boolean filled;

    @BeforeEach
    void fillTheTableOnce() {
        if (filled) {
            return;
        }
        JdbcClient jdbc = JdbcClient.create(dataSource);
        // Finished bookings: CONFIRMED with an order, FAILED with a code, nothing left to check.
        jdbc.sql("""
                insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status,
                                     duffel_order_id, failure_code, next_check_at, created_at, updated_at, version)
                select gen_random_uuid(), 'user-' || (n % 5000), 'key-' || n, 'fp', 'off_done_' || n,
                       case when n % 4 = 0 then 'FAILED' else 'CONFIRMED' end,
                       case when n % 4 = 0 then null else 'ord_' || n end,
                       case when n % 4 = 0 then 'offer_expired' else null end,
                       null, now() - interval '1 day', now() - interval '1 day', 1
                from generate_series(1, ?) as n""").param(FINISHED).update();
        // Open bookings, all due: UNKNOWN, SUBMITTING and RECEIVED, each with one traveler.
        jdbc.sql("""
                insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status,
                                     attempts, last_attempt_at, next_check_at, created_at, updated_at, version)
                select gen_random_uuid(), 'stuck-user-' || (n % 100), 'stuck-' || n, 'fp', 'off_stuck_' || n,
                       (array['UNKNOWN', 'SUBMITTING', 'RECEIVED'])[1 + n % 3],
                       case when n % 3 = 2 then 0 else 1 end,
                       case when n % 3 = 2 then null else now() - interval '1 hour' end,
                       now() - interval '10 minutes' + n * interval '1 millisecond',
                       now() - interval '1 hour', now() - interval '1 hour', 1
                from generate_series(1, ?) as n""").param(DUE).update();
        jdbc.sql("""
                insert into traveler (booking_id, position, passenger_id, given_name, family_name, born_on)
                select id, 0, 'pas_' || id, 'Tony', 'Stark', date '1970-05-29'
                from booking where status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN')""").update();
        jdbc.sql("analyze").update();
        filled = true;
    }

    @Test
    void claimingDueBookingsAmongManyFinishedOnesReadsThePartialIndexAndScansNoBookings() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Timestamp now = Timestamp.from(Instant.now());
        String explained = jdbc.sql("explain (format json) " + BookingTransitions.CLAIM_DUE_QUERY)
                .params(now, now, now, 100, now)
                .query(String.class)
                .single();
        JsonNode plan = JsonMapper.builder().build().readTree(explained).get(0).get("Plan");
        List<JsonNode> bookingScans = new ArrayList<>();
        collectScansOfBooking(plan, bookingScans);

        // The due bookings are found through the partial index; the update then reaches each claimed
        // row by its primary key. No other way into booking.
        assertThat(bookingScans)
                .as("the scans of booking in the claim's plan:\n%s", explained)
                .allSatisfy(scan -> {
                    assertThat(scan.get("Node Type").asString()).isIn("Index Scan", "Index Only Scan");
                    assertThat(scan.get("Index Name").asString()).isIn("booking_reconciler_due", "booking_pkey");
                })
                .anySatisfy(
                        scan -> assertThat(scan.get("Index Name").asString()).isEqualTo("booking_reconciler_due"));
        // And the query itself claims a full batch, oldest due first.
        List<String> claimed = jdbc.sql(BookingTransitions.CLAIM_DUE_QUERY)
                .params(now, now, now, 100, now)
                .query((row, number) -> row.getString("id"))
                .list();
        assertThat(claimed).hasSize(100);
    }

    @Test
    void theClaimsLeaseIsInNoIndexAndThePagesKeepRoomSoThatClaimingIsAHotUpdate() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        List<String> indexes = jdbc.sql("select indexdef from pg_indexes where tablename = 'booking'")
                .query(String.class)
                .list();
        List<String> options = jdbc.sql("select unnest(reloptions) from pg_class where relname = 'booking'")
                .query(String.class)
                .list();

        assertThat(indexes).hasSize(6).noneMatch(index -> index.contains("claimed_until"));
        assertThat(options).contains("fillfactor=50");
    }

    @Test
    void theBookersQueriesForItsOpenBookingsReadThePartialIndexNotTheWholeTable() {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        Map<String, Object> statements =
                Map.of(BookingTransitions.RECEIVED_OLDEST_FIRST, 100, BookingTransitions.SUBMITTING_BY, "booker-1");

        statements.forEach((statement, parameter) -> {
            String explained = jdbc.sql("explain (format json) " + statement)
                    .param(parameter)
                    .query(String.class)
                    .single();
            List<JsonNode> bookingScans = new ArrayList<>();
            collectScansOfBooking(
                    JsonMapper.builder().build().readTree(explained).get(0).get("Plan"), bookingScans);
            assertThat(bookingScans)
                    .as("the scans of booking in the plan of %s:\n%s", statement, explained)
                    .isNotEmpty()
                    .noneMatch(scan -> scan.get("Node Type").asString().equals("Seq Scan"));
            assertThat(explained).contains("\"Index Name\": \"booking_reconciler_due\"");
        });
    }

    /**
     * Every node of the plan that reads the {@code booking} table, the subplans' included; not the
     * update's own node (ModifyTable), which names the table it writes.
     */
    private static void collectScansOfBooking(JsonNode node, List<JsonNode> scans) {
        if (node.has("Relation Name")
                && "booking".equals(node.get("Relation Name").asString())
                && !"ModifyTable".equals(node.get("Node Type").asString())) {
            scans.add(node);
        }
        if (node.has("Plans")) {
            for (JsonNode child : node.get("Plans")) {
                collectScansOfBooking(child, scans);
            }
        }
    }
}
