package dev.flightpipeline.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudEvents attributes of every event, carried as Kafka record headers (the CloudEvents Kafka
 * binding in binary mode): {@code ce_id}, {@code ce_type}, {@code ce_source}, {@code ce_time},
 * {@code ce_specversion}, {@code ce_subject} and {@code content-type}.
 */
public final class CloudEvents {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    private static final String TYPE_PREFIX = "dev.flightpipeline.";
    private static final String SCHEMA_VERSION = ".v1";

    private CloudEvents() {}

    /**
     * The {@code ce_type} of an event record: {@code dev.flightpipeline.<record name>.v1}, e.g.
     * {@code dev.flightpipeline.BookingConfirmed.v1}. The version changes when the schema does in a
     * way old consumers cannot read.
     */
    public static String type(Class<?> event) {
        return TYPE_PREFIX + event.getSimpleName() + SCHEMA_VERSION;
    }

    /**
     * @param source the producing service, e.g. {@code /booker}
     * @param subject what the event is about, e.g. the booking id; may be null
     */
    public static Map<String, String> headers(UUID id, Class<?> event, String source, Instant time, String subject) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID, id.toString());
        headers.put(TYPE, type(event));
        headers.put(SOURCE, source);
        headers.put(TIME, time.truncatedTo(ChronoUnit.MICROS).toString());
        headers.put(SPEC_VERSION, "1.0");
        if (subject != null) {
            headers.put(SUBJECT, subject);
        }
        headers.put(CONTENT_TYPE, "application/json");
        return headers;
    }
}
