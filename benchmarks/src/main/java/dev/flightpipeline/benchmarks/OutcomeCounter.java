package dev.flightpipeline.benchmarks;

import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Counts the terminal outcomes on {@code booking.outcomes} as a consumer of the pipeline sees them
 * (read_committed, from the topic's start), by their CloudEvents type: a booking counts as
 * confirmed when its {@code BookingConfirmed} event is committed, not when the database row is.
 * A second terminal event for one booking is counted as a duplicate: it breaks "each outcome
 * exactly once".
 */
public final class OutcomeCounter implements AutoCloseable {

    private static final String CONFIRMED = CloudEvents.type(BookingConfirmed.class);
    private static final String FAILED = CloudEvents.type(BookingFailed.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread poller;
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Set<String> bookingsWithOutcome = new HashSet<>();
    private volatile boolean running = true;

    public OutcomeCounter(String bootstrapServers) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "benchmark-" + UUID.randomUUID());
        consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.BOOKING_OUTCOMES).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        poller = Thread.ofPlatform().name("outcome-counter").daemon().start(this::poll);
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    count(record);
                }
            }
        } catch (WakeupException stopping) {
            // closing
        } finally {
            consumer.close();
        }
    }

    private void count(ConsumerRecord<String, byte[]> record) {
        Header typeHeader = record.headers().lastHeader(CloudEvents.TYPE);
        String type = typeHeader == null ? "" : new String(typeHeader.value(), StandardCharsets.UTF_8);
        boolean terminal = type.equals(CONFIRMED) || type.equals(FAILED);
        if (!terminal) {
            return; // BookingPending and the like
        }
        if (!bookingsWithOutcome.add(record.key())) {
            duplicates.incrementAndGet();
            return;
        }
        (type.equals(CONFIRMED) ? confirmed : failed).incrementAndGet();
    }

    /** Bookings whose BookingConfirmed has been read so far. */
    public long confirmed() {
        return confirmed.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Terminal events for a booking that had one already. */
    public long duplicates() {
        return duplicates.get();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
