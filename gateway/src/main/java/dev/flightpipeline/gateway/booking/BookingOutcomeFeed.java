package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.events.BookingOutcome;
import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingOutcome.BookingPending;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Mono;

/**
 * The booking outcomes as they are published, for the requests waiting on them in this instance.
 * Every gateway instance reads every partition of {@code booking.outcomes} (read_committed, no
 * consumer group, from the end when it starts): a request is answered by the instance it came to,
 * whichever booker decided it. Outcomes nobody here waits for are dropped; the database has them.
 */
class BookingOutcomeFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BookingOutcomeFeed.class);
    private static final Map<String, Class<? extends BookingOutcome>> TYPES = Map.of(
            CloudEvents.type(BookingConfirmed.class), BookingConfirmed.class,
            CloudEvents.type(BookingFailed.class), BookingFailed.class,
            CloudEvents.type(BookingPending.class), BookingPending.class,
            CloudEvents.type(BookingRequestRejected.class), BookingRequestRejected.class);

    private final String bootstrapServers;
    private final Map<UUID, Set<CompletableFuture<BookingOutcome>>> waiting = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread poller;

    BookingOutcomeFeed(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * The booking's decisive outcome (confirmed, failed, or the request rejected), if it comes within
     * {@code wait}; empty otherwise. A {@link BookingPending} is not decisive: the wait goes on.
     * Call before the request is published, so that an outcome cannot slip past unseen.
     */
    Waiter waitFor(UUID bookingId) {
        CompletableFuture<BookingOutcome> outcome = new CompletableFuture<>();
        waiting.computeIfAbsent(bookingId, id -> ConcurrentHashMap.newKeySet()).add(outcome);
        return new Waiter(bookingId, outcome);
    }

    /** One request's wait for one booking's outcome. */
    final class Waiter {
        private final UUID bookingId;
        private final CompletableFuture<BookingOutcome> outcome;

        private Waiter(UUID bookingId, CompletableFuture<BookingOutcome> outcome) {
            this.bookingId = bookingId;
            this.outcome = outcome;
        }

        Mono<BookingOutcome> within(Duration wait) {
            return Mono.fromFuture(outcome, true)
                    .timeout(wait)
                    .onErrorResume(TimeoutException.class, timedOut -> Mono.empty())
                    .doFinally(signal -> cancel());
        }

        void cancel() {
            outcome.cancel(false);
            waiting.computeIfPresent(bookingId, (id, futures) -> {
                futures.remove(outcome);
                return futures.isEmpty() ? null : futures;
            });
        }
    }

    /** Requests waiting in this instance now. */
    int waiting() {
        return waiting.values().stream().mapToInt(Set::size).sum();
    }

    @Override
    public void start() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "gateway-outcomes");
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        running = true;
        poller = Thread.ofPlatform().name("booking-outcomes").daemon().start(() -> {
            try {
                read();
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        });
    }

    private void read() {
        while (running) {
            try {
                List<TopicPartition> partitions = awaitPartitions();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                log.info("Reading booking outcomes from {} partitions", partitions.size());
                while (running) {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        deliver(record);
                    }
                }
            } catch (WakeupException stopping) {
                // stop() woke the poll
            } catch (InterruptedException stopping) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException failure) {
                // The broker unreachable at start, say. Waiting requests are answered from the
                // database when their wait ends; the feed starts again from the topic's end.
                log.warn("The booking outcome feed failed; starting it again in 5 s: {}", failure.toString());
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** The topic's partitions, once it exists (the booker may create it after this gateway starts). */
    private List<TopicPartition> awaitPartitions() throws InterruptedException {
        while (running) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(Topics.BOOKING_OUTCOMES, Duration.ofSeconds(10)).stream()
                            .map(info -> new TopicPartition(info.topic(), info.partition()))
                            .toList();
            if (!partitions.isEmpty()) {
                return partitions;
            }
            log.info("Waiting for the topic {} to exist", Topics.BOOKING_OUTCOMES);
            Thread.sleep(1_000);
        }
        throw new WakeupException();
    }

    private void deliver(ConsumerRecord<String, byte[]> record) {
        if (nobodyWaitsFor(record.key())) {
            return;
        }
        Header type = record.headers().lastHeader(CloudEvents.TYPE);
        Class<? extends BookingOutcome> outcomeType =
                type == null ? null : TYPES.get(new String(type.value(), StandardCharsets.UTF_8));
        if (outcomeType == null || outcomeType == BookingPending.class || record.value() == null) {
            return;
        }
        BookingOutcome outcome;
        try {
            outcome = EventJson.read(record.value(), outcomeType);
        } catch (RuntimeException unreadable) {
            log.warn("Skipping an unreadable outcome at {}-{}@{}", record.topic(), record.partition(), record.offset());
            return;
        }
        Set<CompletableFuture<BookingOutcome>> waiters = waiting.remove(outcome.bookingId());
        if (waiters != null) {
            waiters.forEach(waiter -> waiter.complete(outcome));
        }
    }

    /**
     * Whether the record's key, the booking id, names no booking a request here waits for: most
     * outcomes, with several instances. Those are dropped unread; a key that is not a booking id is
     * read, and its event's own id decides.
     */
    private boolean nobodyWaitsFor(String key) {
        if (key == null) {
            return false;
        }
        try {
            return !waiting.containsKey(UUID.fromString(key));
        } catch (IllegalArgumentException notABookingId) {
            return false;
        }
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (poller != null) {
            try {
                poller.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
