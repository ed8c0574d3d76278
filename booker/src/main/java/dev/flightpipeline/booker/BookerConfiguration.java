package dev.flightpipeline.booker;

import dev.flightpipeline.booker.intake.BookingRequestListener;
import dev.flightpipeline.booker.submission.BookingSubmitter;
import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.ConnectionPools;
import dev.flightpipeline.booking.outbox.EventTrace;
import dev.flightpipeline.duffel.DuffelCallMetrics;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.kafkahealth.KafkaHealthIndicator;
import dev.flightpipeline.outbox.OutboxRelay;
import dev.flightpipeline.outbox.OutboxRelayLifecycle;
import dev.flightpipeline.outbox.OutboxRelaySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.AfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.backoff.ExponentialBackOff;

/** The booker's parts and how they are wired. */
@Configuration(proxyBeanMethods = false)
class BookerConfiguration {

    /**
     * Own Netty event loops instead of Reactor Netty's global ones: the services share a JVM in the
     * local stack and in tests, and a stopping application disposes the global ones under the others.
     */
    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        // By the time the loops stop, the server has answered its last request; Reactor Netty's
        // default quiet period made every stop of the application two seconds longer.
        resources.setShutdownQuietPeriod(Duration.ofMillis(100));
        return resources;
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    DuffelClient duffelClient(DuffelProperties duffel, MeterRegistry metrics, ObservationRegistry observations) {
        DuffelClient client = DuffelClient.create(duffel.clientSettings(), observations);
        client.observeCalls(new DuffelCallMetrics(metrics));
        return client;
    }

    /**
     * Each event is written in the trace of the request it answers, and published in it. The relay
     * is woken as soon as events are committed: an outcome waits for no poll interval (when this
     * booker's relay is not the leader, the leader's next poll publishes it).
     */
    @Bean
    BookingTransitions bookingTransitions(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            Clock clock,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator,
            OutboxRelay relay) {
        return new BookingTransitions(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(transactionManager),
                clock,
                "booker",
                BookingTransitions.CheckTimes.defaults(),
                EventTrace.current(
                        tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP)),
                relay::wakeUp);
    }

    @Bean
    BookingSubmitter bookingSubmitter(
            BookingReader bookings,
            BookingTransitions transitions,
            DuffelClient duffel,
            BookerProperties settings,
            Clock clock,
            MeterRegistry metrics,
            ObservationRegistry observations,
            DataSource dataSource) {
        return new BookingSubmitter(
                bookings, transitions, duffel, settings, clock, metrics, observations, bookingPermits(dataSource));
    }

    /**
     * The pool's connections but those the request consumer, the outbox relay (its leader lock and
     * its reads) and the sweep need: four of them, or half of a smaller pool.
     */
    static int bookingPermits(DataSource dataSource) {
        int connections = ConnectionPools.maximumSize(dataSource);
        return Math.max(1, connections - Math.min(4, connections / 2));
    }

    /** Kafka in the readiness group ({@code management.endpoint.health.group.readiness}). */
    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealthIndicator(String.join(",", kafka.getBootstrapServers()), Duration.ofSeconds(3));
    }

    @Bean
    BookerMetrics bookerMetrics(
            MeterRegistry registry, BookingSubmitter submitter, OutboxRelay relay, DataSource dataSource) {
        return new BookerMetrics(registry, submitter, relay, JdbcClient.create(dataSource));
    }

    @Bean
    BookingRequestListener bookingRequestListener(
            BookingTransitions transitions,
            PlatformTransactionManager transactionManager,
            BookingSubmitter submitter,
            KafkaTemplate<String, byte[]> kafkaTemplate,
            Clock clock,
            ObservationRegistry observations) {
        // The transaction manager of the transitions' database: their transactions join the poll's.
        return new BookingRequestListener(
                transitions,
                new TransactionTemplate(transactionManager),
                submitter,
                kafkaTemplate,
                clock,
                observations);
    }

    /**
     * Publishes the outbox: one relay among all bookers (the others stand by), with one
     * transactional id for all of them so that a new leader fences an old one.
     */
    @Bean(destroyMethod = "")
    OutboxRelay outboxRelay(DataSource dataSource, KafkaProperties kafka) {
        return new OutboxRelay(
                dataSource, OutboxRelaySettings.of(String.join(",", kafka.getBootstrapServers()), "outbox-relay"));
    }

    @Bean
    OutboxRelayLifecycle outboxRelayLifecycle(OutboxRelay relay) {
        return new OutboxRelayLifecycle(relay);
    }

    /**
     * A batch that fails (the database is down, the broker is unreachable) is retried from its first
     * record until it succeeds, never skipped: losing a booking request is the one thing not allowed.
     */
    @Bean
    AfterRollbackProcessor<Object, Object> retryRequestsForever() {
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(10_000);
        return new DefaultAfterRollbackProcessor<>(backOff);
    }
}
