package dev.flightpipeline.outbox;

import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes events to the {@code outbox_event} table, for {@link OutboxRelay} to publish.
 *
 * <p>Call it inside the transaction that makes the change the events report (a Spring-managed
 * transaction on the same {@link DataSource}): the events are then stored if and only if that
 * transaction commits. It never commits by itself; outside a transaction every statement commits
 * on its own, as any {@link JdbcTemplate} statement does.
 */
public final class Outbox {

    private static final String INSERT = """
            insert into outbox_event (event_id, topic, message_key, event_type, payload, headers)
            values (?, ?, ?, ?, ?::json, ?::jsonb)
            on conflict (event_id) do nothing
            """;

    private static final JsonMapper json = JsonMapper.shared();

    private final JdbcTemplate jdbc;
    private final Runnable afterCommit;

    /** Writes through Spring's {@link JdbcTemplate}, which joins the caller's transaction. */
    public Outbox(JdbcTemplate jdbc) {
        this(jdbc, () -> {});
    }

    /** Writes to the given data source, joining the Spring transaction active on it. */
    public Outbox(DataSource dataSource) {
        this(new JdbcTemplate(Objects.requireNonNull(dataSource, "dataSource")));
    }

    /**
     * Writes through the template and runs {@code afterCommit} once the transaction that appended
     * events has committed, e.g. {@link OutboxRelay#wakeUp()} of a relay in this process, to
     * publish at once instead of at its next poll.
     */
    public Outbox(JdbcTemplate jdbc, Runnable afterCommit) {
        this.jdbc = Objects.requireNonNull(jdbc, "jdbc");
        this.afterCommit = Objects.requireNonNull(afterCommit, "afterCommit");
    }

    /**
     * Stores an event in the caller's transaction.
     *
     * @return whether it was new: false when an event with its id is stored already
     */
    public boolean append(OutboxEvent event) {
        boolean stored = jdbc.update(INSERT, parameters(event)) == 1;
        notifyAfterCommit();
        return stored;
    }

    /**
     * Stores events in the caller's transaction, in one batch, in list order.
     *
     * @return how many were new, as the JDBC driver reports it (PostgreSQL's does, unless
     *     {@code reWriteBatchedInserts} is on)
     */
    public int appendAll(List<OutboxEvent> events) {
        List<Object[]> rows = events.stream().map(Outbox::parameters).toList();
        if (rows.isEmpty()) {
            return 0;
        }
        int stored = 0;
        for (int count : jdbc.batchUpdate(INSERT, rows)) {
            if (count > 0) {
                stored += count;
            }
        }
        notifyAfterCommit();
        return stored;
    }

    private void notifyAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    Outbox.this.afterCommit.run();
                }
            });
        } else {
            afterCommit.run(); // no Spring transaction: the statement has committed by itself
        }
    }

    private static Object[] parameters(OutboxEvent event) {
        Objects.requireNonNull(event, "event");
        return new Object[] {
            event.eventId(),
            event.topic(),
            event.key(),
            event.type(),
            event.payload(),
            json.writeValueAsString(event.headers())
        };
    }
}
