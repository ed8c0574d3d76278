package dev.flightpipeline.booking.outbox;

import dev.flightpipeline.events.EventJson;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes events to the {@code outbox_event} table, inside the caller's transaction: they are
 * published (by the outbox relay) if and only if that transaction commits. Each row's headers are
 * the event's and those of the trace it is written in, which the relay publishes with it.
 */
public final class Outbox {

    private final JdbcClient jdbc;
    private final EventTrace trace;

    /** An outbox whose events carry no trace. */
    public Outbox(JdbcClient jdbc) {
        this(jdbc, EventTrace.NONE);
    }

    public Outbox(JdbcClient jdbc, EventTrace trace) {
        this.jdbc = jdbc;
        this.trace = trace;
    }

    /** @return false if an event with this id was appended before (it is published once) */
    public boolean append(OutboxEvent event) {
        Map<String, String> headers = new HashMap<>(trace.headers());
        headers.putAll(event.headers());
        return jdbc.sql("""
                        insert into outbox_event (event_id, topic, message_key, event_type, payload, headers)
                        values (?, ?, ?, ?, ?::json, ?::jsonb)
                        on conflict (event_id) do nothing""")
                        .params(
                                event.eventId(),
                                event.topic(),
                                event.key(),
                                event.type(),
                                event.payload(),
                                EventJson.write(headers))
                        .update()
                == 1;
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
