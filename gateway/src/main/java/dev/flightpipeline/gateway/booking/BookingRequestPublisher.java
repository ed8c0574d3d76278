package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.Topics;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.micrometer.KafkaRecordSenderContext;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation;
import org.springframework.kafka.support.micrometer.KafkaTemplateObservation.DefaultKafkaTemplateObservationConvention;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Hands booking requests to the booker: {@code booking.requests}, keyed {@code <user id>:<key>},
 * acknowledged by every in-sync replica before the request counts as accepted. Sending again is
 * harmless: the booker records a request once per key. Each record carries the trace of the HTTP
 * request that sent it (W3C {@code traceparent}), in which the booker books it.
 */
class BookingRequestPublisher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BookingRequestPublisher.class);
    private static final String CLIENT_ID = "gateway-requests";

    private final KafkaProducer<String, byte[]> producer;
    private final ObservationRegistry observations;

    BookingRequestPublisher(String bootstrapServers, Duration timeout, ObservationRegistry observations) {
        this.observations = observations;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, CLIENT_ID);
        // Up to 5 ms for concurrent requests to share a batch: far fewer produce requests per
        // booking under load, for a delay well inside the accept path's latency target.
        int lingerMillis = 5;
        properties.put(ProducerConfig.LINGER_MS_CONFIG, lingerMillis);
        // A request not accepted within the timeout is answered 503, so the producer gives up then too.
        int millis = (int) timeout.toMillis();
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis + lingerMillis);
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** Completes when the broker has the request; fails when it could not be handed over in time. */
    Mono<Void> publish(BookingRequested request) {
        return Mono.deferContextual(context -> {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                    Topics.BOOKING_REQUESTS,
                    request.key(),
                    EventJson.write(request).getBytes(StandardCharsets.UTF_8));
            CloudEvents.headers(
                            UUID.randomUUID(),
                            BookingRequested.class,
                            "/gateway",
                            Instant.now(),
                            request.bookingId().toString())
                    .forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            // Observed as a KafkaTemplate's send would be; starting it writes the trace
            // (the HTTP request's, from the Reactor context) into the record's headers.
            Observation sending = KafkaTemplateObservation.TEMPLATE_OBSERVATION
                    .observation(
                            null,
                            DefaultKafkaTemplateObservationConvention.INSTANCE,
                            () -> new KafkaRecordSenderContext(record, CLIENT_ID, () -> null),
                            observations)
                    .parentObservation(context.getOrDefault(ObservationThreadLocalAccessor.KEY, null))
                    .start();
            return Mono.<Void>create(sink -> producer.send(record, (metadata, failure) -> {
                        if (failure == null) {
                            sink.success();
                        } else {
                            sink.error(failure);
                        }
                    }))
                    // send() blocks while it fetches the topic's metadata: never on an event-loop thread.
                    .subscribeOn(Schedulers.boundedElastic())
                    .doOnError(sending::error)
                    .doFinally(signal -> sending.stop());
        });
    }

    /** Fetches the topic's metadata ahead of the first request, so that it does not wait for it. */
    void warmUp() {
        Thread.ofVirtual().name("booking-requests-warm-up").start(() -> {
            try {
                producer.partitionsFor(Topics.BOOKING_REQUESTS);
            } catch (RuntimeException e) {
                log.warn("Could not read the metadata of {} yet: {}", Topics.BOOKING_REQUESTS, e.toString());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
