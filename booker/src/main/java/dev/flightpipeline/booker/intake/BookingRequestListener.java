package dev.flightpipeline.booker.intake;

import dev.flightpipeline.booker.intake.BookingRequestCheck.InvalidRequest;
import dev.flightpipeline.booker.submission.BookingSubmitter;
import dev.flightpipeline.booking.BookingLogContext;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.BookingTransitions.Intake;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.events.Topics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumes {@code booking.requests}: records each request as a booking exactly once and hands new
 * bookings to the submitter. The booking row is written with insert-if-absent, so a redelivered
 * record changes nothing; the record's offset commits in a Kafka transaction after that. A record
 * that is not a valid request goes to {@code booking.requests.dlt}, in the same Kafka transaction,
 * with the reason in its headers, and the consumer goes on.
 *
 * <p>The requests of one poll are recorded in one database transaction: one commit for the poll,
 * not one per request, which is what let intake keep up with thousands of calls in flight. Their
 * inserts go in one JDBC batch; only those whose insert wrote nothing (a redelivery, a key or an
 * offer already taken: rare, as the gateway answers a repeated key itself) are received again one
 * by one. The new bookings are handed to the submitter once it has committed (before, the
 * submitter could not see them), as they were recorded, so that it need not read them back. If
 * that transaction fails, the poll's requests are recorded again one transaction each, so that one
 * bad request cannot hold up the others.
 *
 * <p>Each request is taken in the trace it was sent in (its {@code traceparent} header): Spring
 * Kafka observes only record listeners, and this one takes batches, so it observes each record
 * itself, as Spring Kafka would, from reading it to handing its booking over.
 */
public final class BookingRequestListener {

    public static final String ID = "booking-requests";

    private static final Logger log = LoggerFactory.getLogger(BookingRequestListener.class);
    private static final Duration MAX_WAIT_FOR_ROOM = Duration.ofSeconds(10);

    private final BookingTransitions transitions;
    private final TransactionTemplate pollTransaction;
    private final BookingSubmitter submitter;
    private final KafkaTemplate<String, byte[]> deadLetters;
    private final Clock clock;
    private final ObservationRegistry observations;

    /**
     * @param pollTransaction the transactions of {@code transitions}' database: theirs join it
     */
    public BookingRequestListener(
            BookingTransitions transitions,
            TransactionTemplate pollTransaction,
            BookingSubmitter submitter,
            KafkaTemplate<String, byte[]> deadLetters,
            Clock clock,
            ObservationRegistry observations) {
        this.transitions = transitions;
        this.pollTransaction = pollTransaction;
        this.submitter = submitter;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.observations = observations;
    }

    /** One record of the poll, in its own observation (its trace), and what became of it. */
    private final class Taken {
        final ConsumerRecord<String, byte[]> record;
        final Observation observation;
        BookingRequested request;
        Intake intake;

        Taken(ConsumerRecord<String, byte[]> record) {
            this.record = record;
            this.observation = KafkaListenerObservation.LISTENER_OBSERVATION
                    .observation(
                            null,
                            DefaultKafkaListenerObservationConvention.INSTANCE,
                            () -> new KafkaRecordReceiverContext(record, ID, () -> null),
                            observations)
                    .start();
        }

        /** Runs {@code step} in the record's trace, and with its booking id in the log lines once known. */
        void within(Runnable step) {
            try (Observation.Scope scope = observation.openScope()) {
                if (request == null) {
                    step.run();
                } else {
                    try (MDC.MDCCloseable named = BookingLogContext.put(request.bookingId())) {
                        step.run();
                    }
                }
            }
        }
    }

    @KafkaListener(id = ID, topics = Topics.BOOKING_REQUESTS, batch = "true")
    public void onRequests(List<ConsumerRecord<String, byte[]>> records) throws InterruptedException {
        // Slow down to what Duffel and the database absorb, without blocking the poll loop for long.
        submitter.awaitRoom(MAX_WAIT_FOR_ROOM);
        List<Taken> poll = records.stream().map(Taken::new).toList();
        try {
            List<Taken> requests = new ArrayList<>();
            for (Taken taken : poll) {
                taken.within(() -> read(taken));
                if (taken.request != null) {
                    requests.add(taken);
                }
            }
            recordAll(requests);
            for (Taken taken : requests) {
                taken.within(() -> handOver(taken));
            }
        } catch (RuntimeException failure) {
            poll.forEach(taken -> taken.observation.error(failure));
            throw failure;
        } finally {
            poll.forEach(taken -> taken.observation.stop());
        }
    }

    /** Reads the record as a request; one that is not goes to the dead-letter topic. */
    private void read(Taken taken) {
        try {
            taken.request = BookingRequestCheck.read(taken.record.key(), taken.record.value());
        } catch (InvalidRequest invalid) {
            deadLetter(taken.record, invalid.reason(), invalid.getMessage());
        }
    }

    private void recordAll(List<Taken> requests) {
        try {
            pollTransaction.executeWithoutResult(status -> {
                List<Optional<Intake.Recorded>> recorded = transitions.recordNew(
                        requests.stream().map(taken -> taken.request).toList());
                for (int index = 0; index < requests.size(); index++) {
                    Taken taken = requests.get(index);
                    taken.intake = recorded.get(index).orElse(null);
                    if (taken.intake == null) {
                        taken.within(() -> taken.intake = transitions.receive(taken.request));
                    }
                }
            });
        } catch (RuntimeException pollFailed) {
            log.warn(
                    "Recording a poll of {} requests failed ({}); recording them one by one",
                    requests.size(),
                    pollFailed.toString());
            for (Taken taken : requests) {
                taken.within(() -> taken.intake = recordAlone(taken));
            }
        }
    }

    /** @return null if the request broke a rule of the database (it is dead-lettered) */
    private Intake recordAlone(Taken taken) {
        try {
            return transitions.receive(taken.request);
        } catch (IllegalArgumentException refused) {
            deadLetter(taken.record, "invalid", refused.getMessage());
            return null;
        } catch (DataIntegrityViolationException refused) {
            deadLetter(taken.record, "invalid", databaseRefusal(refused));
            return null;
        }
    }

    /**
     * Why the database refused a request, without its message: PostgreSQL's names the failing
     * row's values, the passengers' personal data among them, and the reason goes to a header, an
     * ops event and the log.
     */
    static String databaseRefusal(DataIntegrityViolationException refused) {
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return "the database refused it (SQLState " + sql.getSQLState() + ")";
            }
        }
        return "the database refused it";
    }

    private void handOver(Taken taken) {
        switch (taken.intake) {
            case null -> {
                // Dead-lettered while recording.
            }
            case Intake.Recorded recorded -> {
                log.debug("Request for booking {} recorded", recorded.bookingId());
                submitter.submit(recorded.booking());
            }
            // A redelivery after a crash between the database and the offset commit: make sure the
            // booking is under way (the submitter ignores one that is not RECEIVED).
            case Intake.AlreadyRecorded again -> submitter.submit(again.bookingId());
            case Intake.Refused refused ->
                log.info(
                        "Request for booking {} refused: {}",
                        taken.request.bookingId(),
                        refused.rejection().reason());
            case Intake.IdTaken idTaken ->
                deadLetter(
                        taken.record,
                        "invalid",
                        "booking id " + idTaken.bookingId() + " is another request's (another key and offer)");
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
