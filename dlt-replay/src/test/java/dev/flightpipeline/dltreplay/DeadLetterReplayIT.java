package dev.flightpipeline.dltreplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.testsupport.KafkaEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command on a real broker: dead letters go back once with their keys and headers, a second
 * run finds nothing to do, a replay that fails again is parked, a dry run changes nothing. Each
 * test has topics and a group of its own; the dead letters are written as the booker writes them
 * (the request's headers, then its {@code dlt_*} ones).
 */
class DeadLetterReplayIT {

    static final Duration WITHIN = Duration.ofSeconds(30);

    final KafkaEndpoint kafka = TestInfrastructure.kafka();
    final String run = UUID.randomUUID().toString().substring(0, 8);
    final ReplayTopics topics = new ReplayTopics("dlt-" + run, "requests-" + run, "parked-" + run);
    final String group = "replay-" + run;

    KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void createTopics() {
        kafka.createTopics(Map.of(topics.deadLetters(), 3, topics.requests(), 3, topics.parked(), 3));
        producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterEach
    void closeProducer() {
        producer.close();
    }

    @Test
    void deadLettersGoBackOnceWithTheirKeysAndHeadersAndASecondRunReplaysNothing() {
        List<Seen> deadLetters = List.of(
                deadLetter("alice:trip-1", request("Tony"), "invalid", "passengers[0].born_on must be a date"),
                deadLetter("bob:trip-2", request("Pepper"), "unparseable", "not a BookingRequested JSON document"),
                deadLetter("carol:trip-3", request("Happy"), "invalid", "booking id is used by another request"));

        Replay first = replay();

        assertThat(first.exit()).isZero();
        assertThat(first.out())
                .endsWith("Replayed 3 to " + topics.requests() + ", parked 0 in " + topics.parked() + ".\n");
        assertThat(first.lines("replayed"))
                .hasSize(3)
                .anySatisfy(line ->
                        assertThat(line).contains("key alice:trip-1", "invalid: passengers[0].born_on must be a date"));
        List<Seen> requests = readAll(topics.requests());
        assertThat(requests).hasSize(3);
        for (Seen deadLetter : deadLetters) {
            Seen replayed = only(requests, deadLetter.key());
            assertThat(replayed.value()).isEqualTo(deadLetter.value());
            assertThat(replayed.headers())
                    .as("the request's own headers, in order, then the replay's; none of the dead letter's")
                    .startsWith("ce_id=" + deadLetter.header("ce_id"), "ce_type=dev.flightpipeline.BookingRequested.v1")
                    .hasSize(4);
            assertThat(Instant.parse(replayed.header("dlt_replayed_at"))).isBefore(Instant.now());
            assertThat(replayed.header("dlt_replayed_from")).startsWith(topics.deadLetters() + "-");
        }
        assertThat(readAll(topics.parked())).isEmpty();

        Replay second = replay();

        assertThat(second.exit()).isZero();
        assertThat(second.out())
                .endsWith("Replayed 0 to " + topics.requests() + ", parked 0 in " + topics.parked() + ".\n");
        assertThat(readAll(topics.requests())).hasSize(3);
    }

    @Test
    void aReplayThatIsDeadLetteredAgainIsParkedAndNeverReplayedAgain() {
        deadLetter("dave:trip-4", request("Rhodey"), "invalid", "passengers[0].born_on must be a date");
        assertThat(replay().out()).contains("Replayed 1 to");
        Seen replayed = only(readAll(topics.requests()), "dave:trip-4");
        // The fix did not help: the booker dead-letters the replayed request as it does any other.
        Seen deadAgain = deadLetterAsTheBookerDoes(replayed, "invalid", "passengers[0].born_on must be a date");

        Replay again = replay();

        assertThat(again.exit()).isZero();
        assertThat(again.out())
                .endsWith("Replayed 0 to " + topics.requests() + ", parked 1 in " + topics.parked() + ".\n");
        assertThat(again.lines("parked"))
                .singleElement()
                .asString()
                .contains("key dave:trip-4", "replayed at " + replayed.header("dlt_replayed_at"));
        Seen parked = only(readAll(topics.parked()), "dave:trip-4");
        assertThat(parked.value()).isEqualTo(deadAgain.value());
        assertThat(parked.headers()).isEqualTo(deadAgain.headers());
        assertThat(readAll(topics.requests())).as("not replayed a second time").hasSize(1);
        assertThat(replay().out()).contains("Replayed 0 to", "parked 0 in");
    }

    @Test
    void aDryRunListsWhatWouldHappenWithoutThePassengersAndChangesNothing() {
        deadLetter("erin:trip-5", request("Natasha"), "invalid", "passengers[0].born_on must be a date");
        Seen replayedBefore = new Seen(
                "frank:trip-6",
                request("Clint"),
                List.of("ce_id=" + UUID.randomUUID(), "dlt_replayed_at=2026-12-01T18:00:00Z"));
        deadLetterAsTheBookerDoes(replayedBefore, "unparseable", "the value is JSON null");

        Replay dryRun = replay("--dry-run");

        assertThat(dryRun.exit()).isZero();
        assertThat(dryRun.lines("would replay"))
                .singleElement()
                .asString()
                .contains(topics.deadLetters() + "-", "@", "key erin:trip-5", "invalid: passengers[0].born_on");
        assertThat(dryRun.lines("would park"))
                .singleElement()
                .asString()
                .contains("key frank:trip-6", "unparseable: the value is JSON null");
        assertThat(dryRun.out())
                .endsWith("Would replay 1 to " + topics.requests() + " and park 1 in " + topics.parked()
                        + "; nothing was changed.\n")
                .doesNotContain("Natasha", "Clint");
        assertThat(readAll(topics.requests())).isEmpty();
        assertThat(readAll(topics.parked())).isEmpty();

        assertThat(replay().out()).as("the dry run committed no offset").contains("Replayed 1 to", "parked 1 in");
    }

    @Test
    void aRunStoppedByMaxLeavesTheRestToTheNextWhichReplaysNoneTwice() {
        for (int i = 0; i < 5; i++) {
            deadLetter("grace:trip-" + i, request("Wanda"), "invalid", "passengers[0].born_on must be a date");
        }

        assertThat(replay("--max=2").out()).contains("Replayed 2 to");
        assertThat(replay("--dry-run").lines("would replay")).hasSize(3);
        assertThat(replay().out()).contains("Replayed 3 to");

        assertThat(readAll(topics.requests()))
                .extracting(Seen::key)
                .containsExactlyInAnyOrder(
                        "grace:trip-0", "grace:trip-1", "grace:trip-2", "grace:trip-3", "grace:trip-4");
    }

    @Test
    void aDeadLetterOfAnAbortedTransactionIsNotThereToReplay() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "aborting-booker-" + run);
        try (KafkaProducer<String, byte[]> booker =
                new KafkaProducer<>(properties, new StringSerializer(), new ByteArraySerializer())) {
            booker.initTransactions();
            booker.beginTransaction();
            booker.send(new ProducerRecord<>(
                    topics.deadLetters(), "heidi:trip-7", request("Steve").getBytes(StandardCharsets.UTF_8)));
            booker.flush();
            booker.abortTransaction();
        }
        deadLetter("ivan:trip-8", request("Bucky"), "invalid", "passengers[0].born_on must be a date");

        Replay replay = replay();

        assertThat(replay.out()).contains("Replayed 1 to", "parked 0 in");
        assertThat(readAll(topics.requests())).extracting(Seen::key).containsExactly("ivan:trip-8");
    }

    @Test
    void aMissingTopicIsNamedInAnErrorWithoutAStackTrace() {
        ReplayTopics missing = new ReplayTopics(topics.deadLetters(), topics.requests(), "no-such-topic-" + run);

        Replay replay = replay(missing);

        assertThat(replay.exit()).isEqualTo(1);
        assertThat(replay.err())
                .startsWith("error: Kafka at " + kafka.bootstrapServers() + " has no topic no-such-topic-" + run)
                .doesNotContain("Exception", "\tat ");
    }

    // --- the command and the topics

    record Replay(int exit, String out, String err) {
        List<String> lines(String action) {
            return out.lines().filter(line -> line.startsWith(action + " ")).toList();
        }
    }

    record Seen(String key, String value, List<String> headers) {
        String header(String name) {
            return headers.stream()
                    .filter(header -> header.startsWith(name + "="))
                    .map(header -> header.substring(name.length() + 1))
                    .reduce((first, last) -> last)
                    .orElse(null);
        }
    }

    Replay replay(String... flags) {
        return replay(topics, flags);
    }

    Replay replay(ReplayTopics where, String... flags) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> arguments = Stream.concat(
                        Stream.of("--bootstrap-servers=" + kafka.bootstrapServers(), "--group=" + group),
                        Stream.of(flags))
                .toList();
        int exit = ReplayCommand.run(
                arguments,
                where,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Replay(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String request(String givenName) {
        return "{\"booking_id\":\"" + UUID.randomUUID() + "\",\"passengers\":[{\"given_name\":\"" + givenName + "\"}]}";
    }

    /** A request the booker dead-lettered the first time it read it. */
    Seen deadLetter(String key, String value, String reason, String detail) {
        Seen request = new Seen(
                key, value, List.of("ce_id=" + UUID.randomUUID(), "ce_type=dev.flightpipeline.BookingRequested.v1"));
        return deadLetterAsTheBookerDoes(request, reason, detail);
    }

    /** As {@code BookingRequestListener} does: the request's headers, then the reason and where it was. */
    Seen deadLetterAsTheBookerDoes(Seen request, String reason, String detail) {
        List<String> headers = new ArrayList<>(request.headers());
        headers.add("dlt_reason=" + reason);
        headers.add("dlt_detail=" + detail);
        headers.add("dlt_original_topic=" + topics.requests());
        headers.add("dlt_original_partition=0");
        headers.add("dlt_original_offset=0");
        headers.add("dlt_failed_at=" + Instant.now());
        Seen deadLetter = new Seen(request.key(), request.value(), headers);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(
                topics.deadLetters(), deadLetter.key(), deadLetter.value().getBytes(StandardCharsets.UTF_8));
        for (String header : headers) {
            int equals = header.indexOf('=');
            record.headers()
                    .add(
                            header.substring(0, equals),
                            header.substring(equals + 1).getBytes(StandardCharsets.UTF_8));
        }
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not write a dead letter", e);
        }
        return deadLetter;
    }

    /**
     * Everything committed to the topic so far, read as the booker reads: read_committed, once no
     * transaction is open or unmarked in it ({@link KafkaEndpoint#settledEnds}).
     */
    List<Seen> readAll(String topic) {
        Map<String, Object> properties = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = await().atMost(WITHIN)
                    .until(() -> kafka.settledEnds(partitions), Optional::isPresent)
                    .orElseThrow();
            List<Seen> seen = new ArrayList<>();
            await().atMost(WITHIN).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    seen.add(seen(record));
                }
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= ends.get(partition));
            });
            return seen;
        }
    }

    static Seen seen(ConsumerRecord<String, byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Seen(record.key(), new String(record.value(), StandardCharsets.UTF_8), headers);
    }

    static Seen only(List<Seen> records, String key) {
        List<Seen> found =
                records.stream().filter(record -> key.equals(record.key())).toList();
        assertThat(found).as("records with key %s", key).hasSize(1);
        return found.getFirst();
    }
}
