package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.gateway.booking.IdempotencyKeyHeader.Reading;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdempotencyKeyHeaderTest {

    @Test
    void aKeySentOnceIsTakenAsItIs() {
        assertThat(IdempotencyKeyHeader.read(List.of("trip-42 / retry")))
                .isEqualTo(new Reading.Sent("trip-42 / retry"));
        assertThat(IdempotencyKeyHeader.read(List.of("k".repeat(255)))).isInstanceOf(Reading.Sent.class);
    }

    @Test
    void noKeyMeansTheGatewayMakesOne() {
        assertThat(IdempotencyKeyHeader.read(null)).isInstanceOf(Reading.Made.class);
        assertThat(IdempotencyKeyHeader.read(List.of())).isInstanceOf(Reading.Made.class);
    }

    @Test
    void anEmptyLongRepeatedOrNonAsciiKeyIsRefusedWithItsReason() {
        assertThat(IdempotencyKeyHeader.read(List.of(""))).isEqualTo(new Reading.Refused("must not be empty"));
        assertThat(IdempotencyKeyHeader.read(List.of("k".repeat(256))))
                .isEqualTo(new Reading.Refused("must be at most 255 characters"));
        assertThat(IdempotencyKeyHeader.read(List.of("a", "b"))).isEqualTo(new Reading.Refused("must be sent once"));
        assertThat(IdempotencyKeyHeader.read(List.of("clé"))).isInstanceOf(Reading.Refused.class);
        assertThat(IdempotencyKeyHeader.read(List.of(" leading"))).isInstanceOf(Reading.Refused.class);
        assertThat(IdempotencyKeyHeader.read(List.of("tab\there"))).isInstanceOf(Reading.Refused.class);
    }
}
