package dev.flightpipeline.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutboxPositionTest {

    @Test
    void itIsStoredAsJsonWithTheTxidAsAString() {
        assertThat(new OutboxPosition(1234, 56).toJson()).isEqualTo("{\"txid\":\"1234\",\"id\":56}");
    }

    @Test
    void whatItWritesItReadsBack() {
        for (OutboxPosition position : List.of(
                OutboxPosition.START,
                new OutboxPosition(748, 3),
                new OutboxPosition((5L << 32) + 17, Long.MAX_VALUE),
                // Beyond a signed long: xid8 is unsigned.
                new OutboxPosition(-2, 9))) {
            assertThat(OutboxPosition.fromJson(position.toJson())).isEqualTo(position);
        }
        assertThat(new OutboxPosition(-2, 9).txidText()).isEqualTo("18446744073709551614");
    }

    @Test
    void itReadsFieldsInAnyOrderAndIgnoresUnknownOnes() {
        assertThat(OutboxPosition.fromJson("{ \"id\": 4, \"relay\": \"x\", \"txid\": \"900\" }"))
                .isEqualTo(new OutboxPosition(900, 4));
    }

    @Test
    void somethingElseIsRefused() {
        for (String text : List.of(
                "",
                "null",
                "{}",
                "{\"txid\":\"1\"}",
                "{\"id\":1}",
                "{\"txid\":\"x\",\"id\":1}",
                "{\"txid\":\"1\",\"id\":\"1\"}",
                "{\"txid\":\"1\",\"id\":-1}",
                "not json")) {
            assertThatThrownBy(() -> OutboxPosition.fromJson(text))
                    .as(text)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void positionsAreOrderedByTxidThenIdWithTxidsUnsigned() {
        List<OutboxPosition> sorted = List.of(
                OutboxPosition.START,
                new OutboxPosition(10, 7),
                new OutboxPosition(10, 8),
                new OutboxPosition(11, 1),
                new OutboxPosition(Long.MAX_VALUE, 1),
                new OutboxPosition(Long.MIN_VALUE, 0),
                new OutboxPosition(-1, 0));
        List<OutboxPosition> shuffled = new ArrayList<>(sorted.reversed());

        shuffled.sort(null);

        assertThat(shuffled).containsExactlyElementsOf(sorted);
    }
}
