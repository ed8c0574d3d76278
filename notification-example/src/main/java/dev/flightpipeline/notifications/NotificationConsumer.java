package dev.flightpipeline.notifications;

import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * An example consumer of {@code booking.outcomes}, as a notification service would be: it reads
 * with {@code isolation.level=read_committed} (so it sees each outcome once, never one of an
 * aborted transaction), in a consumer group of its own, and commits its offsets after it has
 * notified. Records of one booking share a key, so they arrive in order.
 *
 * <pre>{@code java -jar notification-example-exec.jar [--bootstrap-servers=localhost:19092] [--group=notifications]}</pre>
 */
public final class NotificationConsumer {

    private NotificationConsumer() {}

    public static void main(String[] args) {
        String bootstrapServers = argument(args, "bootstrap-servers", "localhost:19092");
        String group = argument(args, "group", "notifications-example");
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + UUID.randomUUID());
        KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            consumer.wakeup();
            try {
                main.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        System.out.println("Reading " + Topics.BOOKING_OUTCOMES + " on " + bootstrapServers + " as group " + group
                + " (Ctrl-C stops)");
        try (consumer) {
            consumer.subscribe(List.of(Topics.BOOKING_OUTCOMES));
            while (true) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    Header type = record.headers().lastHeader(CloudEvents.TYPE);
                    Notification.of(
                                    type == null ? null : new String(type.value(), StandardCharsets.UTF_8),
                                    record.value())
                            .ifPresent(System.out::println);
                }
                // After notifying: a crash before this line notifies again (at least once), never skips.
                consumer.commitSync();
            }
        } catch (WakeupException stopping) {
            // Ctrl-C
        }
    }

    private static String argument(String[] args, String name, String fallback) {
        String prefix = "--" + name + "=";
        for (String arg : args) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return fallback;
    }
}
