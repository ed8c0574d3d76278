package dev.flightpipeline.outbox;

import static dev.flightpipeline.outbox.OutboxTestEnvironment.eventId;
import static dev.flightpipeline.outbox.OutboxTestEnvironment.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.flightpipeline.booking.outbox.EventTrace;
import dev.flightpipeline.booking.outbox.Outbox;
import dev.flightpipeline.booking.outbox.OutboxEvent;
import dev.flightpipeline.outbox.OutboxTestEnvironment.TopicReader;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

/** One relay on a real broker and database: what it publishes, in which order, and when. */
class OutboxRelayIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final JsonMapper json = JsonMapper.shared();

    @Test
    void eventsOfCommittedTransactionsArePublishedOnceIntactAndInTxidOrder() throws Exception {
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("published", 3)) {
            OutboxRelay relay = env.relay();
            Outbox outbox = new Outbox(JdbcClient.create(env.jdbc));
            relay.start();
            List<OutboxEvent> committed = new ArrayList<>();
            List<OutboxEvent> rolledBack = new ArrayList<>();
            for (int transaction = 0; transaction < 30; transaction++) {
                List<OutboxEvent> events = new ArrayList<>();
                for (int i = 0; i <= transaction % 4; i++) {
                    events.add(env.event("key-" + (transaction + i) % 5));
                }
                boolean oneByOne = transaction % 2 == 0;
                boolean rollBack = transaction % 5 == 4;
                env.transactions.executeWithoutResult(status -> {
                    if (oneByOne) {
                        events.forEach(outbox::append);
                    } else {
                        outbox.appendAll(events);
                    }
                    if (rollBack) {
                        status.setRollbackOnly();
                    }
                });
                (rollBack ? rolledBack : committed).addAll(events);
            }
            OutboxEvent first = committed.getFirst();
            OutboxEvent fresh = env.event("key-fresh");
            Boolean firstAgain = env.transactions.execute(status -> outbox.append(first));
            Integer newOfTwo = env.transactions.execute(status -> outbox.appendAll(List.of(first, fresh)));
            committed.add(fresh);

            await().atMost(PATIENCE).until(() -> relay.published() == committed.size());
            List<ConsumerRecord<String, String>> records = env.reader(env.topic).readToEnd();

            assertThat(firstAgain).isFalse();
            assertThat(newOfTwo).isEqualTo(1);
            assertThat(records).hasSize(committed.size());
            Map<UUID, ConsumerRecord<String, String>> byEventId =
                    records.stream().collect(Collectors.toMap(OutboxTestEnvironment::eventId, record -> record));
            assertThat(byEventId.keySet()).containsExactlyInAnyOrderElementsOf(eventIds(committed));
            for (OutboxEvent event : committed) {
                ConsumerRecord<String, String> record = byEventId.get(event.eventId());
                assertThat(record.key()).isEqualTo(event.key());
                assertThat(json.readTree(record.value())).isEqualTo(json.readTree(event.payload()));
                Map<String, String> headers = new HashMap<>();
                record.headers().forEach(h -> headers.put(h.key(), header(record, h.key())));
                assertThat(headers).isEqualTo(event.headers());
            }
            assertThat(byEventId).doesNotContainKeys(eventIds(rolledBack).toArray(UUID[]::new));
            assertInRelayOrderPerPartition(records, env.rowPositions());

            OutboxPosition last = env.rowPositions().values().stream()
                    .max(Comparator.naturalOrder())
                    .orElseThrow();
            assertThat(relay.position()).contains(last);
            assertThat(relay.backlog()).isZero();
            List<ConsumerRecord<String, String>> progress =
                    env.reader(env.progressTopic).readToEnd();
            assertThat(progress.getLast().key()).isEqualTo(env.transactionalId);
            assertThat(OutboxPosition.fromJson(progress.getLast().value())).isEqualTo(last);
        }
    }

    @Test
    void aRelayWaitingForADatabaseThatIsGoneStopsAtOnceWhenClosedNotAfterThePoolsTimeout() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort + "/gone");
        config.setConnectionTimeout(Duration.ofSeconds(60).toMillis());
        config.setInitializationFailTimeout(-1);
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("gone", 1);
                HikariDataSource gone = new HikariDataSource(config)) {
            OutboxRelay relay = new OutboxRelay(gone, env.settings());
            relay.start();
            await().atMost(PATIENCE).until(() -> gone.getHikariPoolMXBean().getThreadsAwaitingConnection() == 1);

            assertTimeoutPreemptively(Duration.ofSeconds(10), relay::close);

            assertThat(gone.getHikariPoolMXBean().getThreadsAwaitingConnection())
                    .isZero();
            assertThat(relay.isLeader()).isFalse();
        }
    }

    @Test
    void anOutboxThatWakesTheRelayHasItsEventsPublishedWithoutWaitingForThePollInterval() {
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("woken", 1);
                OutboxRelay relay = new OutboxRelay(
                        env.database.dataSource(), env.settings().withPollInterval(Duration.ofMinutes(5)))) {
            Outbox waking = new Outbox(JdbcClient.create(env.jdbc), EventTrace.NONE, relay::wakeUp);
            env.transactions.executeWithoutResult(status -> env.outbox().append(env.event("first")));
            relay.start();
            // Published by the relay's first look; then it waits for its (five-minute) interval.
            await().atMost(PATIENCE).until(() -> relay.published() == 1);

            env.transactions.executeWithoutResult(status -> waking.append(env.event("woken")));

            await().atMost(Duration.ofSeconds(20)).until(() -> relay.published() == 2);
        }
    }

    @Test
    void anEventWithALowerIdThatCommitsLaterIsPublishedToo() throws Exception {
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("gap", 1);
                Connection a = env.database.dataSource().getConnection();
                Connection b = env.database.dataSource().getConnection()) {
            OutboxRelay relay = env.relay();
            relay.start();
            TopicReader reader = env.reader(env.topic);
            OutboxEvent eventA = env.event("a");
            OutboxEvent eventB = env.event("b");
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            try (Statement statement = b.createStatement()) {
                statement.execute("select pg_current_xact_id()"); // B's is the older transaction
            }

            outboxOn(a).append(eventA); // takes the lower id
            outboxOn(b).append(eventB);
            b.commit();
            await().atMost(PATIENCE).until(() -> recordIds(reader.poll()).contains(eventB.eventId()));
            assertThat(recordIds(reader.poll())).doesNotContain(eventA.eventId());
            a.commit();
            await().atMost(PATIENCE).until(() -> recordIds(reader.poll()).contains(eventA.eventId()));

            Map<UUID, OutboxPosition> rows = env.rowPositions();
            OutboxPosition rowA = rows.get(eventA.eventId());
            OutboxPosition rowB = rows.get(eventB.eventId());
            assertThat(rowA.id()).isLessThan(rowB.id());
            assertThat(rowA).isGreaterThan(rowB);
            assertThat(recordIds(reader.readToEnd())).containsExactly(eventB.eventId(), eventA.eventId());
        }
    }

    @Test
    void aCommittedEventWaitsWhileAnOlderTransactionIsOpen() throws Exception {
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("held_back", 1);
                Connection older = env.database.dataSource().getConnection()) {
            OutboxRelay relay = env.relay();
            relay.start();
            TopicReader reader = env.reader(env.topic);
            OutboxEvent held = env.event("same-key");
            OutboxEvent later = env.event("same-key");
            older.setAutoCommit(false);
            outboxOn(older).append(held);

            env.transactions.executeWithoutResult(status -> env.outbox().append(later));

            await().atMost(PATIENCE).until(() -> relay.backlog() == 1);
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> reader.poll().isEmpty());
            assertThat(relay.published()).isZero();
            older.commit();
            await().atMost(PATIENCE).until(() -> reader.poll().size() == 2);
            assertThat(recordIds(reader.readToEnd())).containsExactly(held.eventId(), later.eventId());
        }
    }

    @Test
    void purgeDeletesOnlyPublishedRowsOlderThanTheGivenAge() throws Exception {
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("purge", 1);
                Connection older = env.database.dataSource().getConnection()) {
            OutboxRelay relay = env.relay();
            Outbox outbox = env.outbox();
            relay.start();
            env.transactions.executeWithoutResult(
                    status -> outbox.appendAll(List.of(env.event("k"), env.event("k"), env.event("k"))));
            await().atMost(PATIENCE).until(() -> relay.published() == 3);
            // Committed but not published: held back by an older open transaction.
            older.setAutoCommit(false);
            outboxOn(older).append(env.event("k"));
            env.transactions.executeWithoutResult(status -> outbox.append(env.event("k")));

            assertThat(new OutboxRelay(env.database.dataSource(), env.settings())
                            .purgePublishedOlderThan(Duration.ZERO))
                    .as("a relay that does not lead purges nothing")
                    .isZero();
            assertThat(relay.purgePublishedOlderThan(Duration.ofHours(1))).isZero();
            assertThat(relay.purgePublishedOlderThan(Duration.ZERO)).isEqualTo(3);
            assertThat(env.jdbc.queryForObject("select count(*) from outbox_event", Long.class))
                    .isEqualTo(1);
            older.rollback();
            await().atMost(PATIENCE).until(() -> relay.published() == 4);
        }
    }

    /** An outbox that writes in the given connection's transaction. */
    private static Outbox outboxOn(Connection connection) {
        return new Outbox(JdbcClient.create(new SingleConnectionDataSource(connection, true)));
    }

    static List<UUID> eventIds(Collection<OutboxEvent> events) {
        return events.stream().map(OutboxEvent::eventId).toList();
    }

    static List<UUID> recordIds(List<ConsumerRecord<String, String>> records) {
        return records.stream().map(OutboxTestEnvironment::eventId).toList();
    }

    /** Within each partition, the events arrive in the (txid, id) order of their rows. */
    static void assertInRelayOrderPerPartition(
            List<ConsumerRecord<String, String>> records, Map<UUID, OutboxPosition> rows) {
        Map<Integer, List<OutboxPosition>> byPartition = records.stream()
                .collect(Collectors.groupingBy(
                        ConsumerRecord::partition,
                        Collectors.mapping(record -> rows.get(eventId(record)), Collectors.toList())));
        assertThat(byPartition).isNotEmpty();
        byPartition.forEach((partition, positions) ->
                assertThat(positions).as("partition " + partition).isSortedAccordingTo(Comparator.naturalOrder()));
    }
}
