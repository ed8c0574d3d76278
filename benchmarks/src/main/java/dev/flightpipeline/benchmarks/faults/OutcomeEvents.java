package dev.flightpipeline.benchmarks.faults;

import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The terminal events on {@code booking.outcomes} as a consumer of the pipeline sees them: read
 * committed, from the topic's start to its last stable offset, every time it is asked (a fresh
 * consumer each time, so a broker restart in between does not matter).
 */
final class OutcomeEvents {

    private static final String CONFIRMED = CloudEvents.type(BookingConfirmed.class);
    private static final String FAILED = CloudEvents.type(BookingFailed.class);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(1);

    /** What one read found: the terminal outcomes per booking id, and every record's count. */
    record Read(Map<String, List<String>> terminalByBooking, long records) {

        long terminalEvents() {
            return terminalByBooking.values().stream().mapToLong(List::size).sum();
        }
    }

    private final String bootstrapServers;

    OutcomeEvents(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    Read readAll() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "r1-" + UUID.randomUUID());
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.BOOKING_OUTCOMES).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed, the end offsets are the last stable ones: everything committed.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Map<String, List<String>> terminal = new HashMap<>();
            long records = 0;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "could not read " + Topics.BOOKING_OUTCOMES + " to its end within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records++;
                    String outcome = outcome(record);
                    if (outcome != null) {
                        terminal.computeIfAbsent(record.key(), id -> new ArrayList<>(1))
                                .add(outcome);
                    }
                }
            }
            return new Read(terminal, records);
        }
    }

    /** {@code CONFIRMED} or {@code FAILED} for a terminal event, null for the others (BookingPending). */
    private static String outcome(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEvents.TYPE);
        String name = type == null ? "" : new String(type.value(), StandardCharsets.UTF_8);
        if (name.equals(CONFIRMED)) {
            return FaultRunCounts.CONFIRMED;
        }
        return name.equals(FAILED) ? FaultRunCounts.FAILED : null;
    }
}
