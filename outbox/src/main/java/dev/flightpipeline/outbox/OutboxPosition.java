package dev.flightpipeline.outbox;

import java.util.Comparator;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How far the relay has published: the {@code (txid, id)} of the last {@code outbox_event} row
 * whose Kafka transaction committed. Rows are published in this order, so every row at or before
 * the position is published and every row after it is not.
 *
 * @param txid the row's writing transaction ({@code xid8}: 64 bits, compared unsigned)
 * @param id the row's {@code id}
 */
public record OutboxPosition(long txid, long id) implements Comparable<OutboxPosition> {

    /** Before every row: where a relay starts when nothing was ever published. */
    public static final OutboxPosition START = new OutboxPosition(0, 0);

    private static final Comparator<OutboxPosition> ORDER = Comparator.<OutboxPosition>comparingLong(
                    position -> position.txid + Long.MIN_VALUE) // unsigned, as PostgreSQL compares xid8
            .thenComparingLong(OutboxPosition::id);
    private static final JsonMapper json = JsonMapper.shared();

    public OutboxPosition {
        if (id < 0) {
            throw new IllegalArgumentException("id must not be negative, not " + id);
        }
    }

    /** The position as stored in the progress topic: {@code {"txid":"1234","id":56}}. */
    public String toJson() {
        // txid as a string: it is an unsigned 64-bit number, which not every JSON reader keeps exact.
        return "{\"txid\":\"" + txidText() + "\",\"id\":" + id + "}";
    }

    /** Reads what {@link #toJson()} wrote. */
    public static OutboxPosition fromJson(String text) {
        try {
            JsonNode node = json.readTree(text);
            JsonNode txid = node.get("txid");
            JsonNode id = node.get("id");
            if (txid == null || id == null || !id.isIntegralNumber()) {
                throw new IllegalArgumentException("not an outbox position: " + text);
            }
            return new OutboxPosition(Long.parseUnsignedLong(txid.asString()), id.longValue());
        } catch (JacksonException | NumberFormatException e) {
            throw new IllegalArgumentException("not an outbox position: " + text, e);
        }
    }

    /** The txid as PostgreSQL writes an {@code xid8}, for {@code cast(? as xid8)}. */
    public String txidText() {
        return Long.toUnsignedString(txid);
    }

    @Override
    public int compareTo(OutboxPosition other) {
        return ORDER.compare(this, other);
    }
}
