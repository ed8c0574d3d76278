package dev.flightpipeline.outbox;

import static dev.flightpipeline.outbox.OutboxRelayIT.assertInRelayOrderPerPartition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booking.outbox.Outbox;
import dev.flightpipeline.booking.outbox.OutboxEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Relays that crash, stop, lose their lock or compete: a read_committed consumer still sees each event once. */
class OutboxFailoverIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final int WRITERS = 4;
    private static final int EVENTS_PER_WRITER = 500;

    @Test
    void eventsWrittenWhileRelaysCrashAndRestartArePublishedExactlyOnce() throws Exception {
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("failover", 3)) {
            Outbox outbox = env.outbox();
            Set<UUID> expected = ConcurrentHashMap.newKeySet();
            ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
            List<Future<?>> writing = new ArrayList<>();
            for (int writer = 0; writer < WRITERS; writer++) {
                int seed = writer;
                writing.add(writers.submit(() -> write(env, outbox, new Random(seed), expected)));
            }
            List<OutboxRelay> relays = new ArrayList<>();

            for (int cycle = 0; cycle < 4; cycle++) {
                OutboxRelay relay = env.relay();
                relays.add(relay);
                relay.start();
                await().atMost(PATIENCE).until(() -> relay.published() > 0);
                if (cycle % 2 == 0) {
                    relay.crashBeforeNextCommit();
                    // The writers may be done: this makes sure there is a next batch to crash in.
                    OutboxEvent next = env.event("crash-" + cycle);
                    env.transactions.executeWithoutResult(status -> outbox.append(next));
                    expected.add(next.eventId());
                    await().atMost(PATIENCE).until(() -> !relay.isRunning());
                    assertThat(hasOpenTransaction(env, env.progressTopic))
                            .as("the crashed relay left its batch in Kafka, uncommitted")
                            .isTrue();
                } else {
                    relay.close();
                }
            }
            for (Future<?> writer : writing) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writers.shutdown();
            OutboxRelay last = env.relay();
            relays.add(last);
            last.start();
            await().atMost(PATIENCE).until(() -> last.position().isPresent() && last.backlog() == 0);

            List<ConsumerRecord<String, String>> records = env.reader(env.topic).readToEnd();
            assertThat(expected).hasSizeGreaterThanOrEqualTo(WRITERS * EVENTS_PER_WRITER);
            assertPublishedExactlyOnce(records, expected);
            assertThat(relays.stream().mapToLong(OutboxRelay::published).sum()).isEqualTo(expected.size());
            assertInRelayOrderPerPartition(records, env.rowPositions());
            assertThat(hasOpenTransaction(env, env.progressTopic)).isFalse();
        }
    }

    @Test
    void ofTwoRelaysStartedTogetherOneLeadsAndTheOtherTakesOver() throws Exception {
        try (OutboxTestEnvironment env = OutboxTestEnvironment.create("two_relays", 3)) {
            Outbox outbox = env.outbox();
            Set<UUID> expected = ConcurrentHashMap.newKeySet();
            OutboxRelay one = env.relay();
            OutboxRelay two = env.relay();
            one.start();
            two.start();

            await().atMost(PATIENCE).until(() -> one.isLeader() || two.isLeader());
            await().during(Duration.ofMillis(500))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> one.isLeader() != two.isLeader());
            OutboxRelay first = one.isLeader() ? one : two;
            OutboxRelay second = first == one ? two : one;
            append(env, outbox, 100, expected);
            await().atMost(PATIENCE).until(() -> first.published() == 100);
            assertThat(second.published()).isZero();

            // Losing the lock's connection ends the leadership; one of the two takes it again.
            int lockSession = lockHolder(env);
            env.jdbc.queryForObject("select pg_terminate_backend(?)", Boolean.class, lockSession);
            await().atMost(PATIENCE).until(() -> {
                Integer holder = lockHolderOrNull(env);
                return holder != null && holder != lockSession;
            });
            append(env, outbox, 100, expected);
            await().atMost(PATIENCE).until(() -> one.published() + two.published() == 200);

            // Stopping the leader lets the other take over.
            await().atMost(PATIENCE).until(() -> one.isLeader() != two.isLeader());
            OutboxRelay leader = one.isLeader() ? one : two;
            OutboxRelay follower = leader == one ? two : one;
            leader.close();
            await().atMost(PATIENCE).until(follower::isLeader);
            append(env, outbox, 100, expected);
            await().atMost(PATIENCE).until(() -> follower.position().isPresent() && follower.backlog() == 0);

            assertThat(one.published() + two.published()).isEqualTo(300);
            List<ConsumerRecord<String, String>> records = env.reader(env.topic).readToEnd();
            assertPublishedExactlyOnce(records, expected);
            assertInRelayOrderPerPartition(records, env.rowPositions());
        }
    }

    /** One writer: committed transactions of 1 to 5 events until it has 500, every tenth one rolled back. */
    private static Void write(OutboxTestEnvironment env, Outbox outbox, Random random, Set<UUID> expected) {
        int written = 0;
        for (int transaction = 1; written < EVENTS_PER_WRITER; transaction++) {
            int size = Math.min(1 + random.nextInt(5), EVENTS_PER_WRITER - written);
            List<OutboxEvent> events = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                events.add(env.event("key-" + random.nextInt(20)));
            }
            boolean rollBack = transaction % 10 == 0;
            env.transactions.executeWithoutResult(status -> {
                outbox.appendAll(events);
                if (rollBack) {
                    status.setRollbackOnly();
                }
            });
            if (!rollBack) {
                events.forEach(event -> expected.add(event.eventId()));
                written += size;
            }
        }
        return null;
    }

    private static void append(OutboxTestEnvironment env, Outbox outbox, int count, Set<UUID> expected) {
        for (int transaction = 0; transaction < count / 10; transaction++) {
            List<OutboxEvent> events = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                events.add(env.event("key-" + i));
            }
            env.transactions.executeWithoutResult(status -> outbox.appendAll(events));
            events.forEach(event -> expected.add(event.eventId()));
        }
    }

    private static void assertPublishedExactlyOnce(List<ConsumerRecord<String, String>> records, Set<UUID> expected) {
        Map<UUID, Long> copies =
                records.stream().collect(Collectors.groupingBy(OutboxTestEnvironment::eventId, Collectors.counting()));
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(copies.entrySet().stream().filter(copiesOf -> copiesOf.getValue() != 1))
                .as("events published more than once")
                .isEmpty();
        assertThat(records).hasSize(expected.size());
    }

    /** Whether a transaction with records in the topic is still open: its stable offset lags behind its end. */
    private static boolean hasOpenTransaction(OutboxTestEnvironment env, String topic) throws Exception {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.kafka.bootstrapServers()))) {
            Function<IsolationLevel, Long> end = isolation -> {
                try {
                    return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(isolation))
                            .partitionResult(partition)
                            .get()
                            .offset();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            return end.apply(IsolationLevel.READ_COMMITTED) < end.apply(IsolationLevel.READ_UNCOMMITTED);
        }
    }

    private static int lockHolder(OutboxTestEnvironment env) {
        Integer pid = lockHolderOrNull(env);
        assertThat(pid).as("the session holding the leader lock").isNotNull();
        return pid;
    }

    private static Integer lockHolderOrNull(OutboxTestEnvironment env) {
        List<Integer> pids = env.jdbc.queryForList("""
                select pid from pg_locks
                where locktype = 'advisory' and granted
                  and database = (select oid from pg_database where datname = current_database())
                """, Integer.class);
        assertThat(pids).hasSizeLessThanOrEqualTo(1);
        return pids.isEmpty() ? null : pids.getFirst();
    }
}
