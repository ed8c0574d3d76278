package dev.flightpipeline.dltreplay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    static final Instant NOW = Instant.parse("2026-12-01T18:00:00Z");
    static final byte[] REQUEST = "{\"passengers\":[{\"given_name\":\"Tony\"}]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aFirstFailureGoesBackAsTheClientSentItMarkedAsAReplay() {
        DeadLetter deadLetter = deadLetter(
                header("ce_id", "e-1"),
                header("dlt_reason", "invalid"),
                header("dlt_detail", "passengers[0].born_on must be a date"),
                header("ce_type", "dev.flightpipeline.BookingRequested.v1"),
                header("dlt_failed_at", "2026-12-01T17:00:00Z"));

        ProducerRecord<String, byte[]> replay = deadLetter.replayTo("booking.requests", NOW);

        assertThat(deadLetter.failedAgainAfterReplay()).isFalse();
        assertThat(replay.topic()).isEqualTo("booking.requests");
        assertThat(replay.key()).isEqualTo("alice:trip-42");
        assertThat(replay.value()).isEqualTo(REQUEST);
        assertThat(replay.partition()).as("partitioned by its key").isNull();
        assertThat(texts(replay))
                .containsExactly(
                        "ce_id=e-1",
                        "ce_type=dev.flightpipeline.BookingRequested.v1",
                        "dlt_replayed_at=2026-12-01T18:00:00Z",
                        "dlt_replayed_from=booking.requests.dlt-4@17");
    }

    @Test
    void aReplayThatFailedAgainIsParkedWithEveryHeader() {
        DeadLetter deadLetter = deadLetter(
                header("ce_id", "e-1"),
                header("dlt_replayed_at", "2026-12-01T18:00:00Z"),
                header("dlt_replayed_from", "booking.requests.dlt-4@17"),
                header("dlt_reason", "invalid"));

        ProducerRecord<String, byte[]> parked = deadLetter.parkIn("booking.requests.parked");

        assertThat(deadLetter.failedAgainAfterReplay()).isTrue();
        assertThat(parked.topic()).isEqualTo("booking.requests.parked");
        assertThat(parked.key()).isEqualTo("alice:trip-42");
        assertThat(parked.value()).isEqualTo(REQUEST);
        assertThat(texts(parked))
                .containsExactly(
                        "ce_id=e-1",
                        "dlt_replayed_at=2026-12-01T18:00:00Z",
                        "dlt_replayed_from=booking.requests.dlt-4@17",
                        "dlt_reason=invalid");
    }

    @Test
    void itsDescriptionSaysWhereWhoseAndWhyButNotWhatWasRequested() {
        DeadLetter deadLetter = deadLetter(
                header("dlt_reason", "invalid"),
                header("dlt_detail", "passengers[0].born_on must be a date"),
                header("dlt_failed_at", "2026-12-01T17:00:00Z"));

        assertThat(deadLetter.describe())
                .isEqualTo("booking.requests.dlt-4@17  key alice:trip-42  invalid: passengers[0].born_on must be a date"
                        + "  failed at 2026-12-01T17:00:00Z")
                .doesNotContain("Tony");
    }

    private static DeadLetter deadLetter(Header... headers) {
        return new DeadLetter(new ConsumerRecord<>(
                "booking.requests.dlt",
                4,
                17,
                0L,
                TimestampType.CREATE_TIME,
                0,
                REQUEST.length,
                "alice:trip-42",
                REQUEST,
                new RecordHeaders(headers),
                Optional.empty()));
    }

    private static Header header(String key, String value) {
        return new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> texts(ProducerRecord<String, byte[]> record) {
        return StreamSupport.stream(record.headers().spliterator(), false)
                .map(header -> header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
