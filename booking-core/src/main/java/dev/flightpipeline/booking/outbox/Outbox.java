package dev.flightpipeline.booking.outbox;

import dev.flightpipeline.events.EventJson;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes events to the {@code outbox_event} table, inside the caller's transaction: they are
 * published (by the outbox relay) if and only if that transaction commits.
 */
public final class Outbox {

    private final JdbcClient jdbc;

    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** @return false if an event with this id was appended before (it is published once) */
    public boolean append(OutboxEvent event) {
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
                                EventJson.write(event.headers()))
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
