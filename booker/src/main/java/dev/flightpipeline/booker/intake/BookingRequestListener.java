package dev.flightpipeline.booker.intake;

import dev.flightpipeline.booker.intake.BookingRequestCheck.InvalidRequest;
import dev.flightpipeline.booker.submission.BookingSubmitter;
import dev.flightpipeline.booking.BookingLogContext;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.Intake;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.events.Topics;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * Consumes {@code booking.requests}: records each request as a booking exactly once and hands new
 * bookings to the submitter. The booking row is written with insert-if-absent, so a redelivered
 * record changes nothing; the record's offset commits in a Kafka transaction after that. A record
 * that is not a valid request goes to {@code booking.requests.dlt}, in the same Kafka transaction,
 * with the reason in its headers, and the consumer goes on.
 *
 * <p>Each request is taken in the trace it was sent in (its {@code traceparent} header): Spring
 * Kafka observes only record listeners, and this one takes batches, so it observes each record
 * itself, as Spring Kafka would.
 */
public final class BookingRequestListener {

    public static final String ID = "booking-requests";

    private static final Logger log = LoggerFactory.getLogger(BookingRequestListener.class);
    private static final Duration MAX_WAIT_FOR_ROOM = Duration.ofSeconds(10);

    private final BookingTransitions transitions;
    private final BookingSubmitter submitter;
    private final KafkaTemplate<String, byte[]> deadLetters;
    private final Clock clock;
    private final ObservationRegistry observations;

    public BookingRequestListener(
            BookingTransitions transitions,
            BookingSubmitter submitter,
            KafkaTemplate<String, byte[]> deadLetters,
            Clock clock,
            ObservationRegistry observations) {
        this.transitions = transitions;
        this.submitter = submitter;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.observations = observations;
    }

    @KafkaListener(id = ID, topics = Topics.BOOKING_REQUESTS, batch = "true")
    public void onRequests(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        // Slow down to what Duffel absorbs, without blocking the poll loop for long.
        submitter.awaitRoom(MAX_WAIT_FOR_ROOM);
        for (ConsumerRecord<String, byte[]> record : records) {
            KafkaListenerObservation.LISTENER_OBSERVATION
                    .observation(
                            null,
                            DefaultKafkaListenerObservationConvention.INSTANCE,
                            () -> new KafkaRecordReceiverContext(record, ID, () -> null),
                            observations)
                    .observe(() -> take(record));
        }
    }

    private void take(ConsumerRecord<String, byte[]> record) {
        BookingRequested request;
        try {
            request = BookingRequestCheck.read(record.key(), record.value());
        } catch (InvalidRequest invalid) {
            deadLetter(record, invalid.reason(), invalid.getMessage());
            return;
        }
        try (MDC.MDCCloseable named = BookingLogContext.put(request.bookingId())) {
            Intake intake;
            try {
                intake = transitions.receive(request);
            } catch (IllegalArgumentException refused) {
                deadLetter(record, "invalid", refused.getMessage());
                return;
            }
            switch (intake) {
                case Intake.Recorded recorded -> {
                    log.debug("Request for booking {} recorded", recorded.bookingId());
                    submitter.submit(recorded.bookingId());
                }
                // A redelivery after a crash between the database and the offset commit: make sure
                // the booking is under way (the submitter ignores one that is not RECEIVED).
                case Intake.AlreadyRecorded again -> submitter.submit(again.bookingId());
                case Intake.Refused refused ->
                    log.info(
                            "Request for booking {} refused: {}",
                            request.bookingId(),
                            refused.rejection().reason());
            }
        }
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        ProducerRecord<String, byte[]> dead =
                new ProducerRecord<>(Topics.BOOKING_REQUESTS_DLT, null, record.key(), record.value());
        for (Header header : record.headers()) {
            dead.headers().add(header);
        }
        String position = record.topic() + "-" + record.partition() + "@" + record.offset();
        dead.headers().add("dlt_reason", bytes(reason));
        dead.headers().add("dlt_detail", bytes(detail));
        dead.headers().add("dlt_original_topic", bytes(record.topic()));
        dead.headers().add("dlt_original_partition", bytes(Integer.toString(record.partition())));
        dead.headers().add("dlt_original_offset", bytes(Long.toString(record.offset())));
        dead.headers().add("dlt_failed_at", bytes(clock.instant().toString()));
        // Sent in the listener's Kafka transaction: it and the offset commit together, once.
        deadLetters.send(dead);
        // Same id on a redelivery, so the ops event is published once too.
        transitions.publishOps(
                UUID.nameUUIDFromBytes(("dead-lettered:" + position).getBytes(StandardCharsets.UTF_8)),
                new OpsEvent(
                        "request_dead_lettered",
                        null,
                        "booker",
                        "A booking request was sent to " + Topics.BOOKING_REQUESTS_DLT + ": " + reason,
                        Map.of("reason", reason, "detail", detail, "source", position),
                        clock.instant()));
        log.warn("Request {} dead-lettered: {}: {}", position, reason, detail);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
