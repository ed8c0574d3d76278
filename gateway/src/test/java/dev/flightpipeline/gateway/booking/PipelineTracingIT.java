package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.Topics;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * One trace from the HTTP request to the outcome event: the gateway continues the caller's W3C
 * {@code traceparent}, puts it on the request record, the booker books in it (its Duffel call
 * carries it) and the outcome it publishes through the outbox carries it too.
 */
class PipelineTracingIT {

    private static final JsonMapper json = JsonMapper.shared();
    private static final String TRACEPARENT = "traceparent";

    private final Pipeline pipeline = Pipeline.shared();

    @Test
    void theCallersTraceReachesTheRequestRecordTheDuffelCallAndTheOutcomeEvent() {
        String traceId = randomHex(16);
        try (TopicTail requests = new TopicTail(pipeline.kafka.bootstrapServers(), Topics.BOOKING_REQUESTS);
                TopicTail outcomes = new TopicTail(pipeline.kafka.bootstrapServers(), Topics.BOOKING_OUTCOMES)) {

            byte[] answer = pipeline.http
                    .post()
                    .uri("/api/flights/create-order")
                    .headers(headers -> {
                        headers.setBearerAuth(pipeline.tokenFor("tracing"));
                        headers.set(TRACEPARENT, "00-" + traceId + "-" + randomHex(8) + "-01");
                    })
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Pipeline.orderBody(pipeline.offer()))
                    .exchange()
                    .expectStatus()
                    .isCreated()
                    .expectBody()
                    .returnResult()
                    .getResponseBody();
            String bookingId =
                    json.readTree(answer).path("booking").path("booking_id").asString();

            ConsumerRecord<String, byte[]> request = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> requests.find(
                                    record -> bookingId.equals(TopicTail.header(record, CloudEvents.SUBJECT))),
                            found -> found.isPresent())
                    .get();
            assertThat(traceIdOf(TopicTail.header(request, TRACEPARENT)))
                    .as("the request record's trace")
                    .isEqualTo(traceId);

            assertThat(traceIdOf(pipeline.simulator.stats().lastCreateOrderTraceparent()))
                    .as("the trace of the Duffel create-order call")
                    .isEqualTo(traceId);

            ConsumerRecord<String, byte[]> outcome = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> outcomes.find(record -> bookingId.equals(record.key())
                                    && CloudEvents.type(dev.flightpipeline.events.BookingOutcome.BookingConfirmed.class)
                                            .equals(TopicTail.header(record, CloudEvents.TYPE))),
                            found -> found.isPresent())
                    .get();
            assertThat(traceIdOf(TopicTail.header(outcome, TRACEPARENT)))
                    .as("the outcome event's trace")
                    .isEqualTo(traceId);
        }
    }

    @Test
    void theSpansAnExporterWouldReceiveHoldNoTokenNoDuffelKeyAndNoPassengerData() {
        String token = pipeline.tokenFor("spans");
        String traceId = randomHex(16);
        RecordedSpans.INSTANCE.start();
        try {
            pipeline.http
                    .post()
                    .uri("/api/flights/create-order")
                    .headers(headers -> {
                        headers.setBearerAuth(token);
                        headers.set(TRACEPARENT, "00-" + traceId + "-" + randomHex(8) + "-01");
                    })
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Pipeline.orderBody(pipeline.offer()))
                    .exchange()
                    .expectStatus()
                    .isCreated();

            // Each service exports its spans in batches, every few seconds: wait for the gateway's
            // request span and the booker's Duffel order call.
            List<String> spans = await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> RecordedSpans.INSTANCE.ofTrace(traceId).stream()
                                    .map(PipelineTracingIT::everythingSaidIn)
                                    .toList(),
                            recorded -> recorded.stream().anyMatch(span -> span.contains("/air/orders"))
                                    && recorded.stream().anyMatch(span -> span.contains("/api/flights/create-order")));

            assertThat(spans)
                    .as("the trace's spans")
                    .anyMatch(span -> span.contains("/air/offers"))
                    .noneMatch(span -> span.contains(token))
                    .noneMatch(span -> span.contains("duffel_test_pipeline"))
                    .noneMatch(span -> span.contains("Tony") || span.contains("Stark"))
                    .noneMatch(span -> span.contains("tony@example.com"))
                    .noneMatch(span -> span.contains("442080160509"))
                    .noneMatch(span -> span.contains("1980-07-24"));
        } finally {
            RecordedSpans.INSTANCE.stop();
        }
    }

    /** A span's name, attributes, events and status, as one text. */
    private static String everythingSaidIn(SpanData span) {
        StringBuilder text = new StringBuilder(span.getName())
                .append(' ')
                .append(span.getAttributes())
                .append(' ')
                .append(span.getStatus().getDescription());
        for (EventData event : span.getEvents()) {
            text.append(' ').append(event.getName()).append(' ').append(event.getAttributes());
        }
        return text.toString();
    }

    /** The trace id of a W3C traceparent, {@code 00-<trace id>-<span id>-<flags>}; null without one. */
    private static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        String[] fields = traceparent.split("-");
        return fields.length == 4 ? fields[1] : traceparent;
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
