package dev.flightpipeline.dltreplay;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A record of the dead-letter topic, and the rules for what becomes of it: a first failure goes
 * back to the requests as the client sent it, marked as a replay; a replay that failed again is
 * parked as it is.
 */
record DeadLetter(ConsumerRecord<String, byte[]> record) {

    /** The booker's headers on a dead letter (and this command's): all start with it. */
    static final String DEAD_LETTER_HEADERS = "dlt_";

    /**
     * When the request was replayed. The booker copies a request's headers into its dead letter, so
     * a dead letter that has it failed again after a replay.
     */
    static final String REPLAYED_AT = "dlt_replayed_at";

    /** Which dead letter the request was replayed from: {@code <topic>-<partition>@<offset>}. */
    static final String REPLAYED_FROM = "dlt_replayed_from";

    boolean failedAgainAfterReplay() {
        return record.headers().lastHeader(REPLAYED_AT) != null;
    }

    /**
     * The request as it was before it was dead-lettered: same key and value, its own headers
     * without the dead letter's, and the replay's. Partitioned by its key, like the gateway's.
     */
    ProducerRecord<String, byte[]> replayTo(String requests, Instant now) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : record.headers()) {
            if (!header.key().startsWith(DEAD_LETTER_HEADERS)) {
                headers.add(header);
            }
        }
        headers.add(REPLAYED_AT, bytes(now.toString()));
        headers.add(REPLAYED_FROM, bytes(position()));
        return new ProducerRecord<>(requests, null, record.key(), record.value(), headers);
    }

    /** The dead letter as it is, key, value and every header, for an operator to look at. */
    ProducerRecord<String, byte[]> parkIn(String parked) {
        return new ProducerRecord<>(parked, null, record.key(), record.value(), record.headers());
    }

    String position() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** A line for the operator: where, whose, and why it failed; never the request itself. */
    String describe() {
        String key = record.key() == null ? "(no key)" : record.key();
        StringBuilder line = new StringBuilder(position()).append("  key ").append(key);
        line.append("  ").append(text("dlt_reason", "(no reason)"));
        String detail = text("dlt_detail", "");
        if (!detail.isEmpty()) {
            line.append(": ").append(detail);
        }
        line.append("  failed at ").append(text("dlt_failed_at", "?"));
        if (failedAgainAfterReplay()) {
            line.append(", replayed at ").append(text(REPLAYED_AT, "?"));
        }
        return line.toString();
    }

    private String text(String header, String absent) {
        Header found = record.headers().lastHeader(header);
        return found == null || found.value() == null ? absent : new String(found.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
