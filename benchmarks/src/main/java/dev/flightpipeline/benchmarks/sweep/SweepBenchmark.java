package dev.flightpipeline.benchmarks.sweep;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flightpipeline.benchmarks.sweep.SweepFigures.BatchFigures;
import dev.flightpipeline.benchmarks.sweep.SweepFigures.Timings;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.CheckTimes;
import dev.flightpipeline.booking.BookingTransitions.DueBooking;
import dev.flightpipeline.infra.EmbeddedPostgresServer;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * P5, the reconciler's sweep: a real PostgreSQL with the schema booking-core migrates, filled with
 * many finished bookings and a few stuck ones, and the reconciler's own claim
 * ({@link BookingTransitions#claimDue}) timed again and again. The claim must read the partial index
 * of the bookings that are not terminal, so that its time does not grow with the finished ones.
 */
public final class SweepBenchmark {

    static final String DATABASE = "booking";
    static final long LOAD_CHUNK = 100_000;
    /** As the reconciler's default: a claimed booking is left to its claimer for this long. */
    static final Duration LEASE = Duration.ofMinutes(2);

    static final int EXPLAIN_ANALYZE_RUNS = 10;

    private final SweepSettings settings;
    private final JsonMapper json = JsonMapper.builder().build();

    public SweepBenchmark(SweepSettings settings) {
        this.settings = settings;
    }

    public SweepFigures run() {
        try (EmbeddedPostgresServer postgres =
                EmbeddedPostgresServer.start(EmbeddedPostgresServer.Settings.temporary())) {
            postgres.createDatabaseIfAbsent(DATABASE);
            HikariConfig pool = new HikariConfig();
            pool.setJdbcUrl(postgres.jdbcUrl(DATABASE));
            pool.setUsername(postgres.username());
            pool.setPassword(postgres.password());
            pool.setMaximumPoolSize(2);
            pool.setPoolName("p5");
            try (HikariDataSource dataSource = new HikariDataSource(pool)) {
                say("Migrating the schema (Flyway, booking-core's db/migration)...");
                Flyway.configure().dataSource(dataSource).load().migrate();
                JdbcClient jdbc = JdbcClient.create(dataSource);
                TransactionTemplate transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
                Duration loading = load(jdbc);
                BookingTransitions transitions = new BookingTransitions(
                        new JdbcTemplate(dataSource),
                        transactions,
                        Clock.systemUTC(),
                        "reconciler",
                        CheckTimes.defaults());
                List<BatchFigures> batches = new ArrayList<>();
                for (int batch : settings.batches()) {
                    batches.add(measure(batch, jdbc, transactions, transitions));
                }
                Map<String, Object> counts = jdbc.sql("""
                                select count(*) as bookings,
                                       count(*) filter (where status in ('RECEIVED', 'SUBMITTING', 'UNKNOWN')) as open
                                from booking""").query().singleRow();
                return new SweepFigures(
                        ((Number) counts.get("bookings")).longValue(),
                        ((Number) counts.get("open")).longValue(),
                        loading,
                        batches);
            }
        }
    }

    /** Fills the table: finished bookings in chunks, then the stuck ones, then vacuum and analyze. */
    private Duration load(JdbcClient jdbc) {
        long started = System.nanoTime();
        long finished = settings.bookings() - settings.stuck();
        say("Loading %,d finished bookings (CONFIRMED, 1 in 10 FAILED; one history row each)...", finished);
        for (long from = 1; from <= finished; from += LOAD_CHUNK) {
            long to = Math.min(finished, from + LOAD_CHUNK - 1);
            jdbc.sql("""
                            with inserted as (
                                insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status,
                                    duffel_order_id, booking_reference, total_amount, total_currency, failure_code,
                                    failure_reason, attempts, last_attempt_at, next_check_at, created_at, updated_at,
                                    version)
                                select gen_random_uuid(), 'user-' || (n % 10000), 'key-' || n, md5(n::text), 'off_' || n,
                                    case when n % 10 = 0 then 'FAILED' else 'CONFIRMED' end,
                                    case when n % 10 = 0 then null else 'ord_' || n end,
                                    case when n % 10 = 0 then null else upper(substr(md5(n::text), 1, 6)) end,
                                    case when n % 10 = 0 then null else 412.70 end,
                                    case when n % 10 = 0 then null else 'GBP' end,
                                    case when n % 10 = 0 then 'offer_expired' else null end,
                                    case when n % 10 = 0 then 'the offer expired' else null end,
                                    1, t.at, null, t.at, t.at, 2
                                from generate_series(?::bigint, ?::bigint) as n
                                    cross join lateral (select now() - interval '40 days' + n * interval '3 seconds' as at) t
                                returning id, status, updated_at)
                            insert into booking_state_change (booking_id, from_status, to_status, reason, changed_at)
                            select id, 'SUBMITTING', status,
                                case when status = 'FAILED' then 'offer_expired' else 'order_created' end, updated_at
                            from inserted""").params(from, to).update();
            double seconds = (System.nanoTime() - started) / 1e9;
            say("[load %5.0fs] %,9d / %,d finished bookings (%,.0f/s)", seconds, to, finished, to / seconds);
        }
        say(
                "Loading %,d stuck bookings (UNKNOWN and SUBMITTING, due; a traveler and their history each)...",
                settings.stuck());
        jdbc.sql("""
                        insert into booking (id, user_id, idempotency_key, request_fingerprint, offer_id, status, attempts,
                            last_attempt_at, offer_expires_at, submitted_by, next_check_at, created_at, updated_at, version)
                        select gen_random_uuid(), 'stuck-user-' || (n % 100), 'stuck-' || n, md5('stuck' || n),
                            'off_stuck_' || n, case when n % 2 = 0 then 'UNKNOWN' else 'SUBMITTING' end, 1,
                            t.at, t.at + interval '30 minutes', 'booker-1', t.at + interval '1 minute', t.at, t.at, 2
                        from generate_series(1, ?) as n
                            cross join lateral (select now() - interval '1 hour' + n * interval '1 millisecond' as at) t""").param(settings.stuck()).update();
        jdbc.sql("""
                        insert into traveler (booking_id, position, passenger_id, given_name, family_name, born_on)
                        select id, 0, 'pas_' || md5(id::text), 'Tony', 'Stark', date '1970-05-29'
                        from booking where status in ('SUBMITTING', 'UNKNOWN')""").update();
        jdbc.sql("""
                        insert into booking_state_change (booking_id, from_status, to_status, reason, changed_at)
                        select id, null, 'RECEIVED', 'requested', created_at from booking
                        where status in ('SUBMITTING', 'UNKNOWN')
                        union all
                        select id, 'RECEIVED', 'SUBMITTING', 'submitted', created_at from booking
                        where status in ('SUBMITTING', 'UNKNOWN')
                        union all
                        select id, 'SUBMITTING', 'UNKNOWN', 'duffel_timeout', created_at from booking
                        where status = 'UNKNOWN'""").update();
        say("Vacuum and analyze...");
        jdbc.sql("vacuum (analyze) booking, traveler, booking_state_change").update();
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        say("[load %5.0fs] loaded", took.toMillis() / 1000.0);
        return took;
    }

    private BatchFigures measure(
            int batch, JdbcClient jdbc, TransactionTemplate transactions, BookingTransitions transitions) {
        JsonNode plan = explain(jdbc, batch);
        String shape = planShape(plan.get(0).get("Plan"));
        List<String> bookingScans = new ArrayList<>();
        bookingScans(plan.get(0).get("Plan"), bookingScans);
        say("");
        say("Batch %d: plan %s", batch, shape);

        say("[batch %4d] warm-up: %d claims", batch, settings.warmUpRuns());
        for (int run = 0; run < settings.warmUpRuns(); run++) {
            claimAndReset(batch, jdbc, transitions);
        }
        // The warm-up's updates leave dead row versions; vacuum them as autovacuum would.
        jdbc.sql("vacuum booking").update();

        List<Double> claims = new ArrayList<>();
        for (int run = 1; run <= settings.runs(); run++) {
            claims.add(claimAndReset(batch, jdbc, transitions));
            if (run % 10 == 0 || run == settings.runs()) {
                // Each claim and its reset leave two dead versions of every claimed row: vacuumed
                // every 10 claims (not timed), as autovacuum would keep a busy queue's pages clean.
                jdbc.sql("vacuum booking").update();
                say(
                        "[batch %4d] claimDue %3d / %d, median so far %6.2f ms",
                        batch, run, settings.runs(), Timings.of(claims).median());
            }
        }
        // How many of a claim's lease updates were HOT (the new row version on the same page, no
        // index entry written): one more claim, rolled back, counted by the transaction's statistics.
        int hotLeases = transactions.execute(status -> {
            status.setRollbackOnly();
            long before = hotUpdatesOfBooking(jdbc);
            check(transitions.claimDue(batch, LEASE).size(), batch);
            return (int) (hotUpdatesOfBooking(jdbc) - before);
        });
        say("[batch %4d] HOT lease updates in a claim: %d of %d", batch, hotLeases, batch);
        // PostgreSQL's own execution time of the claim, from EXPLAIN ANALYZE (no round trips), rolled
        // back.
        List<Double> server = new ArrayList<>();
        for (int run = 0; run < EXPLAIN_ANALYZE_RUNS; run++) {
            JsonNode analyzed = transactions.execute(status -> {
                status.setRollbackOnly();
                return json.readTree(
                        jdbc.sql("explain (analyze, buffers, format json) " + BookingTransitions.CLAIM_DUE_QUERY)
                                .params(claimParameters(batch))
                                .query(String.class)
                                .single());
            });
            server.add(analyzed.get(0).get("Execution Time").asDouble());
        }
        say(
                "[batch %4d] server execution (EXPLAIN ANALYZE): median %6.3f ms",
                batch, Timings.of(server).median());
        return new BatchFigures(batch, Timings.of(claims), Timings.of(server), hotLeases, shape, bookingScans);
    }

    /** One timed claimDue; then its bookings' claims are ended (not timed), so every run claims. */
    private double claimAndReset(int batch, JdbcClient jdbc, BookingTransitions transitions) {
        long started = System.nanoTime();
        List<DueBooking> claimed = transitions.claimDue(batch, LEASE);
        double millis = (System.nanoTime() - started) / 1e6;
        check(claimed.size(), batch);
        int reset = jdbc.sql("update booking set claimed_until = null where claimed_until is not null")
                .update();
        if (reset != claimed.size()) {
            throw new IllegalStateException("ended " + reset + " claims, claimed " + claimed.size());
        }
        return millis;
    }

    /**
     * This connection's HOT updates of booking not yet reported to the statistics: read before and
     * after a claim in one transaction, their difference is the claim's.
     */
    private static long hotUpdatesOfBooking(JdbcClient jdbc) {
        return jdbc.sql("select pg_stat_get_xact_tuples_hot_updated('booking'::regclass)")
                .query(Long.class)
                .single();
    }

    private static void check(int claimed, int batch) {
        if (claimed != batch) {
            throw new IllegalStateException("claimed " + claimed + " bookings, not the batch of " + batch);
        }
    }

    private static Object[] claimParameters(int batch) {
        Instant now = Instant.now();
        return new Object[] {
            Timestamp.from(now),
            Timestamp.from(now),
            Timestamp.from(now.minus(CheckTimes.defaults().submittingOverdueAfter())),
            batch,
            Timestamp.from(now.plus(LEASE))
        };
    }

    private JsonNode explain(JdbcClient jdbc, int batch) {
        return json.readTree(jdbc.sql("explain (format json) " + BookingTransitions.CLAIM_DUE_QUERY)
                .params(claimParameters(batch))
                .query(String.class)
                .single());
    }

    /**
     * How the claim finds its bookings: the nodes of its {@code due} part (or, in a plan without
     * one, of the whole plan) down to the first scan, e.g. "Limit > LockRows > Index Scan
     * (booking_reconciler_due)".
     */
    static String planShape(JsonNode plan) {
        JsonNode due = subplan(plan, "CTE due");
        StringBuilder shape = new StringBuilder();
        JsonNode current = due != null ? due : plan;
        while (current != null) {
            if (!shape.isEmpty()) {
                shape.append(" > ");
            }
            shape.append(describe(current));
            JsonNode next = null;
            if (current.has("Plans")) {
                for (JsonNode child : current.get("Plans")) {
                    // The main line only: a scan's subplans (the passengers) are not its input.
                    if (next == null
                            && "Outer".equals(child.path("Parent Relationship").asString(""))) {
                        next = child;
                    }
                }
            }
            current = next;
        }
        return shape.toString();
    }

    private static JsonNode subplan(JsonNode node, String name) {
        if (name.equals(node.path("Subplan Name").asString(""))) {
            return node;
        }
        if (node.has("Plans")) {
            for (JsonNode child : node.get("Plans")) {
                JsonNode found = subplan(child, name);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /**
     * Every node reading the booking table, subplans included: "Index Scan (booking_reconciler_due)".
     * Not the update's own node (ModifyTable), which names the table it writes.
     */
    static void bookingScans(JsonNode node, List<String> scans) {
        if (node.has("Relation Name")
                && "booking".equals(node.get("Relation Name").asString())
                && !"ModifyTable".equals(node.get("Node Type").asString())) {
            scans.add(describe(node));
        }
        if (node.has("Plans")) {
            for (JsonNode child : node.get("Plans")) {
                bookingScans(child, scans);
            }
        }
    }

    private static String describe(JsonNode node) {
        String type = node.get("Node Type").asString();
        if (node.has("Index Name")) {
            return type + " (" + node.get("Index Name").asString() + ")";
        }
        if (node.has("Relation Name")) {
            return type + " on " + node.get("Relation Name").asString();
        }
        return type;
    }

    static void say(String pattern, Object... values) {
        System.out.println(values.length == 0 ? pattern : String.format(Locale.ROOT, pattern, values));
        System.out.flush();
    }
}
