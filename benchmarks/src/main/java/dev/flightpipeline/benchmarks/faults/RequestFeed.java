package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.benchmarks.OfferStock;
import dev.flightpipeline.benchmarks.OfferStock.BookableOffer;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.Passenger;
import dev.flightpipeline.events.Topics;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes {@link BookingRequested} records to {@code booking.requests} at a fixed rate, as the
 * gateway would after answering 202 (the gateway itself is not part of the run: R1 is about what
 * happens after a request is accepted). Offers are searched shortly before they are booked, a
 * search at a time, so that a short offer lifetime is possible. Each request has its own passenger
 * name, as real bookings do: the reconciler looks orders up by passenger name.
 *
 * <p>A request counts as requested once the broker acknowledged it: the gateway answers 202 only
 * then. The producer retries through a broker restart (its delivery timeout outlasts one).
 */
final class RequestFeed implements AutoCloseable {

    private static final int USERS = 1_000;
    /** What the Duffel client reads in one answer comfortably (its buffer limit is below 200 offers). */
    static final int OFFERS_PER_SEARCH = 100;

    private static final long PACING_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final KafkaProducer<String, byte[]> producer;
    private final URI duffel;
    private final String accessToken;
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean stopping;
    private volatile RuntimeException failure;
    private volatile Instant finishedAt;
    private Thread publishing;

    RequestFeed(String bootstrapServers, URI duffel, String accessToken) {
        this.duffel = duffel;
        this.accessToken = accessToken;
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int)
                Duration.ofMinutes(3).toMillis());
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Duration.ofMinutes(2).toMillis());
        producer = new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }

    /** Starts publishing {@code count} requests, {@code perSecond} a second, on a thread of its own. */
    void start(int count, double perSecond) {
        publishing = Thread.ofPlatform().name("request-feed").daemon().start(() -> publish(count, perSecond));
    }

    private void publish(int count, double perSecond) {
        Deque<BookableOffer> offers = new ArrayDeque<>();
        long startedAt = System.nanoTime();
        int next = 0;
        while (!stopping && next < count) {
            long due = Math.min(count, (long) (perSecond * (System.nanoTime() - startedAt) / 1e9) + 1);
            for (; next < due; next++) {
                if (offers.isEmpty()) {
                    offers.addAll(OfferStock.search(duffel, accessToken, Math.min(OFFERS_PER_SEARCH, count - next)));
                }
                send(request(offers.removeFirst(), next));
            }
            LockSupport.parkNanos(PACING_STEP_NANOS);
        }
        producer.flush();
        finishedAt = Instant.now();
    }

    private void send(BookingRequested request) {
        byte[] value = EventJson.write(request).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(Topics.BOOKING_REQUESTS, request.key(), value), (metadata, error) -> {
            if (error == null) {
                acknowledged.add(request.key());
            } else {
                refused.incrementAndGet();
            }
        });
        sent.incrementAndGet();
    }

    static BookingRequested request(BookableOffer offer, int number) {
        Passenger passenger = new Passenger(
                offer.passengerId(),
                "ms",
                "Ada",
                "Lovelace" + letters(number),
                "f",
                LocalDate.of(1985, 12, 10),
                "ada@example.com",
                "+442080160509");
        return new BookingRequested(
                UUID.randomUUID(),
                "r1-user-" + number % USERS,
                "r1-" + UUID.randomUUID(),
                "sha256:" + offer.offerId(),
                offer.offerId(),
                List.of(passenger),
                null,
                Instant.now());
    }

    /** A name part of letters only, one per number: a, b, ... z, ba, bb, ... */
    static String letters(int number) {
        StringBuilder letters = new StringBuilder();
        int rest = number;
        do {
            letters.insert(0, (char) ('a' + rest % 26));
            rest /= 26;
        } while (rest > 0);
        return letters.toString();
    }

    /** When the last request was acknowledged (or refused); null until then. */
    Instant finishedAt() {
        return finishedAt;
    }

    long sent() {
        return sent.get();
    }

    /** Requests the broker did not take within the delivery timeout: never accepted, so not expected. */
    long refused() {
        return refused.get();
    }

    /** {@code <user id>:<idempotency key>} of each request the broker acknowledged. */
    Set<String> acknowledged() {
        return Set.copyOf(acknowledged);
    }

    /** Waits until every request has been sent and acknowledged or refused; throws if publishing failed. */
    void awaitFinished() throws InterruptedException {
        if (publishing != null) {
            publishing.join();
        }
        if (failure != null) {
            throw new IllegalStateException("publishing the requests failed: " + failure, failure);
        }
    }

    @Override
    public void close() {
        stopping = true;
        try {
            if (publishing != null) {
                publishing.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
