package dev.flightpipeline.booker;

import static org.awaitility.Awaitility.await;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.events.Topics;
import dev.flightpipeline.outbox.OutboxRelay;
import dev.flightpipeline.testsupport.KafkaEndpoint;
import dev.flightpipeline.testsupport.PostgresEndpoint;
import dev.flightpipeline.testsupport.TestInfrastructure;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One booker on the real broker, its own database and the simulator, shared by the booker's
 * integration tests: started once per test JVM, restarted (same database, same instance id, as
 * after a crash or a deployment) by the tests that need it.
 *
 * <p>Shared rather than one per test class because a booker's outbox relay records its progress
 * in Kafka under a fixed transactional id: two bookers on two databases would take each other's
 * progress for their own.
 */
final class BookerPipeline {

    static final Duration WITHIN = Duration.ofSeconds(30);
    /** The booker's default {@code booker.max-attempts}, which this pipeline's booker runs with. */
    static final int MAX_ATTEMPTS = 5;

    private static BookerPipeline shared;

    final KafkaEndpoint kafka;
    final PostgresEndpoint database;
    final DuffelSimulator simulator;
    final BookingRequests requests;
    private volatile RunningBooker booker;

    private BookerPipeline() {
        kafka = TestInfrastructure.kafka();
        kafka.createTopics(Topics.ALL.stream().collect(Collectors.toMap(topic -> topic, topic -> 3)));
        database = TestInfrastructure.postgres().newDatabase("booker");
        simulator = DuffelSimulator.start(SimulatorConfig.defaults());
        requests = new BookingRequests(kafka, simulator);
        booker = startBooker();
    }

    static synchronized BookerPipeline shared() {
        if (shared == null) {
            shared = new BookerPipeline();
        }
        return shared;
    }

    RunningBooker booker() {
        return booker;
    }

    /** Stops the booker as an operator's stop does, waits for {@code between}, then starts a new one. */
    void restartBooker(Runnable between) {
        booker.close();
        between.run();
        booker = startBooker();
    }

    /** Restarts the booker with these settings over the usual ones; {@link #restartBooker} undoes them. */
    void restartBookerWith(Map<String, Object> settings) {
        booker.close();
        booker = startBooker(settings);
    }

    private RunningBooker startBooker() {
        return startBooker(Map.of());
    }

    private RunningBooker startBooker(Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>(Map.of(
                "duffel.order-creation-timeout", "8s",
                "booker.instance-id", "booker-it",
                "booker.shutdown-grace", "1s"));
        settings.putAll(overrides);
        return RunningBooker.start(kafka, database, simulator, settings);
    }

    Booking awaitFinal(UUID bookingId, BookingStatus expected) {
        await().atMost(WITHIN)
                .until(() -> booker.bookings()
                        .find(bookingId)
                        .map(booking -> booking.status() == expected)
                        .orElse(false));
        return booker.bookings().find(bookingId).orElseThrow();
    }

    /**
     * Waits until every event in the outbox is published and the watcher has read to the end of
     * its topics: after this, what the watcher holds is all there is.
     */
    void awaitAllPublished(TopicWatcher topics) {
        OutboxRelay relay = booker.context.getBean(OutboxRelay.class);
        await().atMost(WITHIN).until(() -> relay.isLeader() && relay.backlog() == 0);
        topics.awaitCaughtUp(WITHIN);
    }
}
