package dev.flightpipeline.booking.outbox;

import dev.flightpipeline.events.EventJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes events to the {@code outbox_event} table, inside the caller's transaction: they are
 * published (by the outbox relay) if and only if that transaction commits. Each row's headers are
 * the event's and those of the trace it is written in, which the relay publishes with it.
 *
 * <p>Once a transaction that appended events commits, {@code committed} is told (the booker wakes
 * its relay with it, so that an outcome is published at once rather than at the relay's next poll).
 */
public final class Outbox {

    private static final String INSERT = """
            insert into outbox_event (event_id, topic, message_key, event_type, payload, headers)
            values (?, ?, ?, ?, ?::json, ?::jsonb)
            on conflict (event_id) do nothing""";

    private final JdbcClient jdbc;
    private final EventTrace trace;
    private final Runnable committed;

    /** An outbox whose events carry no trace. */
    public Outbox(JdbcClient jdbc) {
        this(jdbc, EventTrace.NONE, () -> {});
    }

    public Outbox(JdbcClient jdbc, EventTrace trace) {
        this(jdbc, trace, () -> {});
    }

    /** @param committed run after each commit of a transaction that appended an event; must be cheap */
    public Outbox(JdbcClient jdbc, EventTrace trace, Runnable committed) {
        this.jdbc = jdbc;
        this.trace = trace;
        this.committed = committed;
    }

    /** @return false if an event with this id was appended before (it is published once) */
    public boolean append(OutboxEvent event) {
        boolean appended = jdbc.sql(INSERT).params(columns(event)).update() == 1;
        if (appended) {
            tellOnCommit();
        }
        return appended;
    }

    /**
     * One insert of a caller's statement: a part of its {@code with} clause, with {@code ?} for
     * {@code params}, in order.
     */
    public record StatementPart(String sql, List<Object> params) {}

    /**
     * The events' insert as a part of the caller's statement, which saves a statement of their own
     * (a round trip): they are written, in order, for each row of {@code source}, a part earlier in
     * that statement ({@code moved}, say), so not at all if it has none. Once the statement has run
     * and its source had a row, call {@link #appendedInStatement()}.
     */
    public StatementPart appendWith(String source, List<OutboxEvent> events) {
        // Typed placeholders: in a values list PostgreSQL cannot take the types from the columns.
        String row = "(cast(? as uuid), cast(? as text), cast(? as text), cast(? as text), cast(? as json), "
                + "cast(? as jsonb))";
        List<Object> params = new ArrayList<>(events.size() * 6);
        events.forEach(event -> params.addAll(columns(event)));
        String rows = String.join(", ", Collections.nCopies(events.size(), row));
        return new StatementPart("""
                insert into outbox_event (event_id, topic, message_key, event_type, payload, headers)
                select v.* from %s, (values %s) as v
                on conflict (event_id) do nothing""".formatted(source, rows), params);
    }

    /** Events were written by a statement of {@link #appendWith}: tells the relay once it commits. */
    public void appendedInStatement() {
        tellOnCommit();
    }

    /** The row's values: the event's columns, its headers with those of the trace it is written in. */
    private List<Object> columns(OutboxEvent event) {
        Map<String, String> headers = new HashMap<>(trace.headers());
        headers.putAll(event.headers());
        return Arrays.asList(
                event.eventId(), event.topic(), event.key(), event.type(), event.payload(), EventJson.write(headers));
    }

    private void tellOnCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            committed.run(); // no transaction: the row is committed already
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                committed.run();
            }
        });
    }

    /** @return how many of the events were new */
    public int appendAll(List<OutboxEvent> events) {
        int appended = 0;
        for (OutboxEvent event : events) {
            if (append(event)) {
                appended++;
            }
        }
        return appended;
    }
}
