package dev.flightpipeline.outbox;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes the rows of {@code outbox_event} to Kafka so that a {@code read_committed} consumer
 * sees each event exactly once, whichever relay process dies when.
 *
 * <ul>
 *   <li>Of all relays on one database, only the one holding a PostgreSQL session advisory lock
 *       publishes; the others try again every {@link OutboxRelaySettings#leaderRetryInterval()}.
 *       The lock's connection also reads the rows, so losing it stops the publishing.
 *   <li>Rows are read in {@code (txid, id)} order, and only those of transactions older than every
 *       open one: no row can become visible later behind what was published.
 *   <li>Each batch of events and the relay's new position go to Kafka in one transaction, so they
 *       are committed together or not at all. A new leader's producer, with the same {@code
 *       transactional.id}, aborts whatever an earlier one left open, then reads the last committed
 *       position from the progress topic.
 * </ul>
 *
 * <p>Logs name positions, topics and counts, never payloads or keys.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** The advisory lock that makes a relay the leader: "outbox" in ASCII. */
    static final long LEADER_LOCK_KEY = 0x6f7574626f78L;

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final Duration LOCK_CHECK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration PRODUCER_CLOSE_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration THREAD_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration TOPIC_READY_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger clientIds = new AtomicInteger();
    private static final JsonMapper json = JsonMapper.shared();
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {};

    private static final String SELECT_BATCH = """
            -- An alias "txid" would make "order by txid" sort the text.
            select txid::text as txid_text, id, topic, message_key, payload::text as payload,
                   headers::text as headers
            from outbox_event
            where (txid, id) > (cast(? as xid8), ?)
              and txid < pg_snapshot_xmin(pg_current_snapshot())
            order by txid, id
            limit ?
            """;
    private static final String COUNT_AFTER =
            "select count(*) from outbox_event where (txid, id) > (cast(? as xid8), ?)";
    private static final String DELETE_PUBLISHED = """
            delete from outbox_event
            where (txid, id) <= (cast(? as xid8), ?)
              and created_at < now() - make_interval(secs => ?)
            """;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final OutboxRelaySettings settings;
    private final Semaphore wakeUps = new Semaphore(0);
    private final AtomicLong published = new AtomicLong();

    private volatile boolean running;
    private volatile boolean leader;
    /** The last position committed to Kafka, while this relay leads and knows it; else null. */
    private volatile OutboxPosition committed;

    private volatile boolean crashBeforeNextCommit;
    private Thread thread;

    /**
     * A relay for the {@code outbox_event} table of the given database. It opens its own
     * connections, outside any transaction, and holds one for as long as it is the leader.
     */
    public OutboxRelay(DataSource dataSource, OutboxRelaySettings settings) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.jdbc = new JdbcTemplate(dataSource);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Starts relaying, or trying to become the leader, on a thread of its own. Does nothing if started. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay-" + clientIds.incrementAndGet());
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Stops after the batch in progress, gives up the leadership and returns once the thread has
     * ended. It may be started again.
     */
    @Override
    public void close() {
        Thread stopping;
        synchronized (this) {
            running = false;
            stopping = thread;
            thread = null;
        }
        if (stopping == null) {
            return;
        }
        wakeUps.release();
        if (!leader) {
            // Not publishing, so nothing to finish: it waits to lead, for the lock or for a pooled
            // connection, which with the database gone is the pool's whole timeout. Had it just
            // become the leader, the interrupt aborts its first transaction: the next leader
            // publishes those events, as after any failed transaction.
            stopping.interrupt();
        }
        try {
            if (!stopping.join(THREAD_STOP_TIMEOUT)) {
                log.warn("The outbox relay did not stop within {}; interrupting it", THREAD_STOP_TIMEOUT);
                stopping.interrupt();
                stopping.join(THREAD_STOP_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the relay's thread is running (leading or waiting to lead). */
    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /**
     * Tells the relay that events were committed, so that it looks now instead of after its poll
     * interval. Cheap; call it after the commit, from any thread. A relay that is not leading
     * ignores it: it has nothing to look at.
     */
    public void wakeUp() {
        if (leader && wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Whether this relay holds the leadership. */
    public boolean isLeader() {
        return leader;
    }

    /** Events this relay has published (committed to Kafka) since it was created. */
    public long published() {
        return published.get();
    }

    /** The last position committed to Kafka, while this relay leads; empty otherwise. */
    public Optional<OutboxPosition> position() {
        return Optional.ofNullable(committed);
    }

    /**
     * Rows after the committed position: the events waiting to be published (including those of
     * transactions not finished yet). Zero when this relay is not the leader, so that the sum over
     * all relays is the backlog. One index range count.
     */
    public long backlog() {
        OutboxPosition position = committed;
        if (position == null) {
            return 0;
        }
        Long count = jdbc.queryForObject(COUNT_AFTER, Long.class, position.txidText(), position.id());
        return count == null ? 0 : count;
    }

    /**
     * Deletes the rows that are published (at or before the committed position) and older than
     * the given age. The leader does it every few minutes with {@link
     * OutboxRelaySettings#retention()}; it does nothing on a relay that is not the leader.
     *
     * @return how many rows were deleted
     */
    public int purgePublishedOlderThan(Duration age) {
        Objects.requireNonNull(age, "age");
        OutboxPosition position = committed;
        if (position == null) {
            return 0;
        }
        double seconds = age.toNanos() / 1e9;
        return jdbc.update(DELETE_PUBLISHED, position.txidText(), position.id(), seconds);
    }

    /**
     * Test hook: the relay sends its next batch and progress record, flushes them to the broker,
     * and then stops dead, as a killed process would: no commit, no abort, no unlock.
     */
    void crashBeforeNextCommit() {
        crashBeforeNextCommit = true;
    }

    private void run() {
        while (running) {
            Connection lock = tryToLead();
            if (lock == null) {
                backOff(settings.leaderRetryInterval());
                continue;
            }
            leader = true;
            log.info("This relay is now the outbox leader");
            try {
                lead(lock);
            } catch (SimulatedCrash crash) {
                leader = false;
                committed = null;
                abort(lock);
                log.warn("Simulated crash: the outbox relay stopped dead");
                return;
            } catch (SQLException e) {
                log.warn("Lost the database connection that holds the outbox leadership: {}", e.getMessage());
            } catch (RuntimeException e) {
                log.error("The outbox relay failed; it gives up the leadership and tries again", e);
            }
            leader = false;
            committed = null;
            release(lock);
            log.info("This relay is no longer the outbox leader");
            // Gives another relay the chance to take over before this one tries again.
            backOff(settings.leaderRetryInterval());
        }
    }

    /** A connection holding the leader lock, or null when another session holds it. */
    private Connection tryToLead() {
        Connection connection = null;
        try {
            connection = dataSource.getConnection();
            connection.setAutoCommit(true);
            try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
                lock.setLong(1, LEADER_LOCK_KEY);
                try (ResultSet result = lock.executeQuery()) {
                    if (result.next() && result.getBoolean(1)) {
                        return connection;
                    }
                }
            }
        } catch (SQLException e) {
            log.warn("Cannot ask PostgreSQL for the outbox leadership: {}", e.getMessage());
        }
        closeQuietly(connection);
        return null;
    }

    /** Relays for as long as it holds the lock and is not closed. */
    private void lead(Connection lock) throws SQLException {
        List<TopicPartition> progressPartitions = ensureProgressTopic();
        while (running) {
            // A session that is alive still holds its lock: only then may this relay fence the others.
            if (!lock.isValid((int) LOCK_CHECK_TIMEOUT.toSeconds())) {
                throw new SQLException("the connection holding the leader lock is gone");
            }
            KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties());
            Duration closeTimeout = PRODUCER_CLOSE_TIMEOUT;
            try {
                // Fences every earlier producer with this transactional.id and aborts the
                // transaction it left open, so the position read next is final.
                producer.initTransactions();
                OutboxPosition start = readProgress(progressPartitions);
                committed = start;
                log.info("Relaying outbox events after {}", start);
                relay(lock, producer, start);
                return;
            } catch (SimulatedCrash crash) {
                closeTimeout = Duration.ZERO; // closing with a timeout would abort the open transaction
                throw crash;
            } catch (KafkaException e) {
                if (isFenced(e)) {
                    log.warn("Another relay fenced this one; giving up the leadership");
                    return;
                }
                log.warn("Publishing failed; retrying from the last committed position: {}", e.toString());
                backOff(settings.leaderRetryInterval());
            } finally {
                producer.close(closeTimeout);
            }
        }
    }

    private void relay(Connection lock, KafkaProducer<String, String> producer, OutboxPosition start)
            throws SQLException {
        OutboxPosition position = start;
        Instant nextPurge = Instant.now();
        while (running) {
            List<Row> rows = readBatch(lock, position);
            if (rows.isEmpty()) {
                if (Instant.now().isAfter(nextPurge)) {
                    purge();
                    nextPurge = Instant.now().plus(PURGE_INTERVAL);
                }
                pause(settings.pollInterval());
                continue;
            }
            OutboxPosition last = rows.getLast().position();
            try {
                producer.beginTransaction();
                for (Row row : rows) {
                    producer.send(row.toRecord());
                }
                producer.send(
                        new ProducerRecord<>(settings.progressTopic(), settings.transactionalId(), last.toJson()));
                if (crashBeforeNextCommit) {
                    crashBeforeNextCommit = false;
                    producer.flush();
                    throw new SimulatedCrash();
                }
                producer.commitTransaction();
            } catch (KafkaException e) {
                abortQuietly(producer, e);
                throw e;
            }
            position = last;
            committed = last;
            published.addAndGet(rows.size());
            log.debug("Published {} outbox events up to {}", rows.size(), last);
        }
    }

    private List<Row> readBatch(Connection lock, OutboxPosition after) throws SQLException {
        try (PreparedStatement select = lock.prepareStatement(SELECT_BATCH)) {
            select.setString(1, after.txidText());
            select.setLong(2, after.id());
            select.setInt(3, settings.batchSize());
            try (ResultSet result = select.executeQuery()) {
                List<Row> rows = new ArrayList<>();
                while (result.next()) {
                    rows.add(new Row(
                            new OutboxPosition(
                                    Long.parseUnsignedLong(result.getString("txid_text")), result.getLong("id")),
                            result.getString("topic"),
                            result.getString("message_key"),
                            result.getString("payload"),
                            json.readValue(result.getString("headers"), HEADERS)));
                }
                return rows;
            }
        }
    }

    /** The last position this transactional id committed to the progress topic. */
    private OutboxPosition readProgress(List<TopicPartition> partitions) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // read_committed: the end is the last stable offset, after every committed transaction.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            OutboxPosition last = OutboxPosition.START;
            while (running && partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (settings.transactionalId().equals(record.key()) && record.value() != null) {
                        last = OutboxPosition.fromJson(record.value());
                    }
                }
            }
            return last;
        }
    }

    /** Creates the progress topic if it is missing; returns its partitions once they have leaders. */
    private List<TopicPartition> ensureProgressTopic() {
        String topic = settings.progressTopic();
        long deadline = System.nanoTime() + TOPIC_READY_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(clientProperties(AdminClientConfig.configNames()))) {
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(Set.of(topic))
                            .allTopicNames()
                            .get()
                            .get(topic);
                    if (description.partitions().stream().allMatch(p -> p.leader() != null)) {
                        return description.partitions().stream()
                                .map(p -> new TopicPartition(topic, p.partition()))
                                .toList();
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new KafkaException("cannot describe the progress topic " + topic, e.getCause());
                    }
                    createProgressTopic(admin, topic);
                }
                if (System.nanoTime() > deadline) {
                    throw new KafkaException(
                            "the progress topic " + topic + " is not ready after " + TOPIC_READY_TIMEOUT);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while preparing the progress topic " + topic, e);
        }
    }

    private static void createProgressTopic(Admin admin, String topic) throws InterruptedException {
        NewTopic progress = new NewTopic(topic, Optional.of(1), Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(progress)).all().get(TOPIC_READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created the outbox progress topic {}", topic);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("cannot create the progress topic " + topic, e.getCause());
            }
        } catch (TimeoutException e) {
            throw new KafkaException("creating the progress topic " + topic + " timed out", e);
        }
    }

    private void purge() {
        try {
            int deleted = purgePublishedOlderThan(settings.retention());
            if (deleted > 0) {
                log.info("Deleted {} published outbox events older than {}", deleted, settings.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Deleting published outbox events failed: {}", e.getMessage());
        }
    }

    private Map<String, Object> producerProperties() {
        Map<String, Object> properties = clientProperties(ProducerConfig.configNames());
        properties.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay-producer-" + clientIds.incrementAndGet());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return properties;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = clientProperties(ConsumerConfig.configNames());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "outbox-relay-progress-" + clientIds.incrementAndGet());
        properties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        return properties;
    }

    /** The bootstrap servers and those extra properties the client knows (security settings, mostly). */
    private Map<String, Object> clientProperties(Set<String> known) {
        Map<String, Object> properties = new HashMap<>();
        settings.extraProducerProperties().forEach((name, value) -> {
            if (known.contains(name)) {
                properties.put(name, value);
            }
        });
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return properties;
    }

    private static boolean isFenced(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }

    private static void abortQuietly(KafkaProducer<String, String> producer, KafkaException error) {
        if (isFenced(error)) {
            return; // a fenced producer cannot abort; the new leader's producer did it
        }
        try {
            producer.abortTransaction();
        } catch (KafkaException e) {
            log.debug("Aborting the outbox transaction failed too: {}", e.toString());
        }
    }

    /**
     * Waits for the interval, or until the relay is closed; a {@link #wakeUp()} does not shorten it
     * (a leader whose publishing failed would otherwise retry on every commit).
     */
    private void backOff(Duration interval) {
        long deadline = System.nanoTime() + interval.toNanos();
        try {
            while (running) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                if (wakeUps.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    wakeUps.drainPermits();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Waits for the interval or a {@link #wakeUp()}, whichever comes first. */
    private void pause(Duration interval) {
        try {
            if (wakeUps.tryAcquire(interval.toNanos(), TimeUnit.NANOSECONDS)) {
                wakeUps.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static void release(Connection lock) {
        try (PreparedStatement unlock = lock.prepareStatement("select pg_advisory_unlock(?)")) {
            unlock.setLong(1, LEADER_LOCK_KEY);
            unlock.execute();
        } catch (SQLException e) {
            log.debug("Unlocking the outbox leadership failed (the session is gone, and its lock with it)");
        }
        closeQuietly(lock);
    }

    /** Ends the session without unlocking, as a process that dies does, even behind a pool. */
    private static void abort(Connection lock) {
        try {
            lock.abort(Runnable::run);
        } catch (SQLException e) {
            closeQuietly(lock);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                log.debug("Closing a database connection failed: {}", e.getMessage());
            }
        }
    }

    /** One row of {@code outbox_event}, as the relay sends it. */
    private record Row(OutboxPosition position, String topic, String key, String payload, Map<String, String> headers) {

        ProducerRecord<String, String> toRecord() {
            RecordHeaders recordHeaders = new RecordHeaders();
            headers.forEach((name, value) -> recordHeaders.add(name, value.getBytes(StandardCharsets.UTF_8)));
            return new ProducerRecord<>(topic, null, key, payload, recordHeaders);
        }
    }

    /** Thrown by the {@link #crashBeforeNextCommit()} test hook; an Error so that no handler on the way stops it. */
    private static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash", null, false, false);
        }
    }
}
