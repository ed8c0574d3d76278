package dev.flightpipeline.benchmarks;

import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes {@link BookingRequested} records to {@code booking.requests} at a fixed rate, as
 * gateways would: one request per offer, each with a new idempotency key. An open-loop load: the
 * rate does not slow down when the booker falls behind, so a backlog shows as such.
 */
public final class PacedRequestPublisher implements AutoCloseable {

    private static final int USERS = 1_000;
    private static final long PACING_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile Thread publishing;
    private volatile boolean stopping;

    public PacedRequestPublisher(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Starts publishing one request per offer, {@code perSecond} of them a second, on a thread of
     * its own, for {@code duration} or until the offers run out.
     */
    public void start(List<BookableOffer> offers, double perSecond, Duration duration) {
        publishing = Thread.ofPlatform()
                .name("request-publisher")
                .daemon()
                .start(() -> publish(offers, perSecond, duration));
    }

    private void publish(List<BookableOffer> offers, double perSecond, Duration duration) {
        long startedAt = System.nanoTime();
        int next = 0;
        while (!stopping && next < offers.size()) {
            long elapsed = System.nanoTime() - startedAt;
            if (elapsed >= duration.toNanos()) {
                break;
            }
            long due = Math.min(offers.size(), (long) (perSecond * elapsed / 1e9) + 1);
            for (; next < due; next++) {
                send(request(offers.get(next), next));
            }
            LockSupport.parkNanos(PACING_STEP_NANOS);
        }
        producer.flush();
    }

    private void send(BookingRequested request) {
        byte[] value = EventJson.write(request).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.BOOKING_REQUESTS, request.key(), value), (metadata, error) -> {
            if (error != null) {
                failed.incrementAndGet();
            }
        });
        sent.incrementAndGet();
    }

    public static BookingRequested request(BookableOffer offer, int number) {
        Passenger passenger = new Passenger(
                offer.passengerId(),
                "ms",
                "Ada",
                "Lovelace",
                "f",
                LocalDate.of(1985, 12, 10),
                "ada@example.com",
                "+442080160509");
        return new BookingRequested(
                UUID.randomUUID(),
                "bench-user-" + number % USERS,
                "bench-" + UUID.randomUUID(),
                "sha256:" + offer.offerId(),
                offer.offerId(),
                List.of(passenger),
                null,
                Instant.now());
    }

    /** Requests handed to the producer so far. */
    public long sent() {
        return sent.get();
    }

    /** Requests the broker did not take (should stay 0). */
    public long failed() {
        return failed.get();
    }

    /** Waits until the publishing thread has sent its last request. */
    public void awaitFinished() throws InterruptedException {
        if (publishing != null) {
            publishing.join();
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            awaitFinished();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
