package dev.flightpipeline.dltreplay;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Replays the dead-letter topic from where the consumer group left it to the end it has when the
 * run starts. Each poll's dead letters are written, to the requests or to the parked topic, in one
 * Kafka transaction with the group's offsets for them: a run that dies half-way has replayed what
 * it committed and nothing else, and the next run goes on from there, so no dead letter is
 * replayed twice or skipped. It reads {@code read_committed}, so what the booker dead-lettered in a
 * transaction it then aborted is not there.
 */
public final class DeadLetterReplay {

    /** How long a call to Kafka may take before the run gives up. */
    static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL = Duration.ofMillis(200);

    /** What a run did, or would do for a dry run. */
    public record Summary(long replayed, long parked) {

        static final Summary NOTHING = new Summary(0, 0);

        long total() {
            return replayed + parked;
        }

        Summary plus(Summary more) {
            return new Summary(replayed + more.replayed, parked + more.parked);
        }
    }

    private final ReplaySettings settings;
    private final ReplayTopics topics;
    private final Clock clock;
    private final PrintStream out;

    public DeadLetterReplay(ReplaySettings settings, ReplayTopics topics, Clock clock, PrintStream out) {
        this.settings = settings;
        this.topics = topics;
        this.clock = clock;
        this.out = out;
    }

    /** The replay, or the list of what it would do for a dry run. */
    public Summary run() {
        return settings.dryRun() ? preview() : replay();
    }

    private Summary replay() {
        try (KafkaConsumer<String, byte[]> consumer = consumer();
                KafkaProducer<String, byte[]> producer = producer()) {
            requireTopics(consumer);
            producer.initTransactions();
            // A member of the group (not assign): a second run in the group would share the
            // partitions, and the group's generation fences a stale one's offsets.
            consumer.subscribe(List.of(topics.deadLetters()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            Summary done = Summary.NOTHING;
            long assignmentDeadline = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
            while (done.total() < settings.max()) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                Set<TopicPartition> assignment = consumer.assignment();
                if (assignment.isEmpty()) {
                    if (System.nanoTime() > assignmentDeadline) {
                        throw new ReplayFailure("the group " + settings.group() + " was given no partition of "
                                + topics.deadLetters() + " within " + KAFKA_TIMEOUT.toSeconds()
                                + " s; is another replay running in it?");
                    }
                    continue;
                }
                fetchEndsOfNew(consumer, assignment, ends);
                List<ConsumerRecord<String, byte[]>> batch = first(records, settings.max() - done.total());
                if (!batch.isEmpty()) {
                    done = done.plus(writeOnce(batch, producer, consumer.groupMetadata()));
                }
                if (batch.size() < records.count() || caughtUp(consumer, assignment, ends)) {
                    break;
                }
            }
            return done;
        } catch (TimeoutException slow) {
            throw unreachable(slow);
        }
    }

    /**
     * Replays or parks the batch and moves the group's offsets past it, in one transaction: all of
     * it happens, once, or none of it.
     */
    private Summary writeOnce(
            List<ConsumerRecord<String, byte[]>> batch,
            KafkaProducer<String, byte[]> producer,
            ConsumerGroupMetadata group) {
        List<String> lines = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        long replayed = 0;
        long parked = 0;
        try {
            producer.beginTransaction();
            for (ConsumerRecord<String, byte[]> record : batch) {
                DeadLetter deadLetter = new DeadLetter(record);
                if (deadLetter.failedAgainAfterReplay()) {
                    producer.send(deadLetter.parkIn(topics.parked()));
                    lines.add("parked    " + deadLetter.describe());
                    parked++;
                } else {
                    producer.send(deadLetter.replayTo(topics.requests(), clock.instant()));
                    lines.add("replayed  " + deadLetter.describe());
                    replayed++;
                }
                offsets.put(
                        new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1));
            }
            producer.sendOffsetsToTransaction(offsets, group);
            producer.commitTransaction();
        } catch (ProducerFencedException fenced) {
            throw new ReplayFailure("another replay with the group " + settings.group()
                    + " started and took over; this one stopped. Nothing is lost: each dead letter is replayed"
                    + " once, by one of them");
        } catch (KafkaException failed) {
            abort(producer);
            throw new ReplayFailure("a transaction failed and was rolled back, so its " + batch.size()
                    + " dead letters stay for the next run: " + failed.getMessage());
        }
        // Only now: a line printed is a dead letter replayed or parked.
        lines.forEach(out::println);
        return new Summary(replayed, parked);
    }

    private Summary preview() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            requireTopics(consumer);
            // Assigned, not subscribed: a dry run reads the group's offsets but never joins it, so it
            // disturbs no replay and commits nothing.
            List<TopicPartition> partitions = consumer.partitionsFor(topics.deadLetters()).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata offset = committed.get(partition);
                if (offset == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, offset);
                }
            }
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            Summary would = Summary.NOTHING;
            while (would.total() < settings.max() && !caughtUp(consumer, partitions, ends)) {
                for (ConsumerRecord<String, byte[]> record :
                        first(consumer.poll(POLL), settings.max() - would.total())) {
                    DeadLetter deadLetter = new DeadLetter(record);
                    if (deadLetter.failedAgainAfterReplay()) {
                        out.println("would park    " + deadLetter.describe());
                        would = would.plus(new Summary(0, 1));
                    } else {
                        out.println("would replay  " + deadLetter.describe());
                        would = would.plus(new Summary(1, 0));
                    }
                }
            }
            return would;
        } catch (TimeoutException slow) {
            throw unreachable(slow);
        }
    }

    private void requireTopics(KafkaConsumer<String, byte[]> consumer) {
        Map<String, List<PartitionInfo>> existing = consumer.listTopics(KAFKA_TIMEOUT);
        List<String> missing = topics.all().stream()
                .filter(topic -> !existing.containsKey(topic))
                .toList();
        if (!missing.isEmpty()) {
            throw new ReplayFailure(
                    "Kafka at " + settings.bootstrapServers() + " has no topic " + String.join(", ", missing)
                            + "; create the pipeline's topics first (docker-compose.yml's kafka-topics does)");
        }
    }

    /**
     * The end of each newly assigned partition as it is now: what the run replays up to. A dead
     * letter that arrives later (perhaps one it replayed, failing again) is for the next run.
     */
    private static void fetchEndsOfNew(
            KafkaConsumer<String, byte[]> consumer, Set<TopicPartition> assignment, Map<TopicPartition, Long> ends) {
        List<TopicPartition> unknown = assignment.stream()
                .filter(partition -> !ends.containsKey(partition))
                .toList();
        if (!unknown.isEmpty()) {
            // read_committed: the last stable offset, so an open transaction of the booker's is not waited for.
            ends.putAll(consumer.endOffsets(unknown));
        }
    }

    private static boolean caughtUp(
            KafkaConsumer<String, byte[]> consumer,
            Collection<TopicPartition> partitions,
            Map<TopicPartition, Long> ends) {
        return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
    }

    private static List<ConsumerRecord<String, byte[]>> first(ConsumerRecords<String, byte[]> records, long limit) {
        List<ConsumerRecord<String, byte[]>> first = new ArrayList<>();
        records.forEach(first::add);
        return first.size() <= limit ? first : first.subList(0, (int) limit);
    }

    private static void abort(KafkaProducer<String, byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (KafkaException alsoFailed) {
            // The broker aborts it when the transaction times out; the offsets were not committed either way.
        }
    }

    private ReplayFailure unreachable(TimeoutException slow) {
        return new ReplayFailure("Kafka at " + settings.bootstrapServers() + " did not answer within "
                + KAFKA_TIMEOUT.toSeconds() + " s (" + slow.getMessage() + "); is it running?");
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.group() + (settings.dryRun() ? "-dry-run" : ""));
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        return new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> producer() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.group());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, settings.group());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        return new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer());
    }
}
