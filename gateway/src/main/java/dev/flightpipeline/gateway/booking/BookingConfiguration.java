package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.booking.BookingPersistenceConfiguration;
import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.booking.ConnectionPools;
import dev.flightpipeline.kafkahealth.KafkaHealthIndicator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.json.JsonMapper;

/** The booking endpoints' parts and how they are wired. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@Import(BookingPersistenceConfiguration.class)
class BookingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BookingConfiguration.class);
    private final Clock clock = Clock.systemUTC();

    @Bean
    IdempotencyStore idempotencyStore(DataSource dataSource) {
        return new IdempotencyStore(JdbcClient.create(dataSource));
    }

    /** Kafka in the readiness group ({@code management.endpoint.health.group.readiness}). */
    @Bean(destroyMethod = "close")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaProperties kafka) {
        return new KafkaHealthIndicator(String.join(",", kafka.getBootstrapServers()), Duration.ofSeconds(3));
    }

    @Bean
    BookingOutcomeFeed bookingOutcomeFeed(KafkaProperties kafka, MeterRegistry metrics) {
        BookingOutcomeFeed feed = new BookingOutcomeFeed(String.join(",", kafka.getBootstrapServers()));
        Gauge.builder("gateway.bookings.waiting", feed, BookingOutcomeFeed::waiting)
                .description("Requests in this gateway waiting for a booking's outcome")
                .register(metrics);
        return feed;
    }

    @Bean(destroyMethod = "close")
    BookingRequestPublisher bookingRequestPublisher(
            KafkaProperties kafka, BookingProperties settings, ObservationRegistry observations) {
        BookingRequestPublisher publisher = new BookingRequestPublisher(
                String.join(",", kafka.getBootstrapServers()), settings.publishTimeout(), observations);
        publisher.warmUp();
        return publisher;
    }

    /** As many threads as the pool has connections (ten if the pool is not Hikari's). */
    @Bean(destroyMethod = "close")
    DatabaseCalls databaseCalls(DataSource dataSource) {
        return new DatabaseCalls(ConnectionPools.maximumSize(dataSource));
    }

    @Bean
    BookingAnswers bookingAnswers(JsonMapper json) {
        return new BookingAnswers(json);
    }

    @Bean
    CreateOrder createOrder(
            IdempotencyStore keys,
            BookingReader bookings,
            BookingRequestPublisher publisher,
            BookingOutcomeFeed outcomes,
            BookingAnswers answers,
            BookingProperties settings,
            DatabaseCalls database) {
        return new CreateOrder(keys, bookings, publisher, outcomes, answers, settings, database, clock);
    }

    @Bean
    BookingReads bookingReads(
            BookingReader bookings, IdempotencyStore keys, BookingOutcomeFeed outcomes, DatabaseCalls database) {
        return new BookingReads(bookings, keys, outcomes, database);
    }

    @Bean
    ExpiredKeyPurge expiredKeyPurge(IdempotencyStore keys) {
        return new ExpiredKeyPurge(keys, clock);
    }

    /** Forgets the Idempotency-Keys past their retention, every few minutes. */
    static final class ExpiredKeyPurge {
        private final IdempotencyStore keys;
        private final Clock clock;

        ExpiredKeyPurge(IdempotencyStore keys, Clock clock) {
            this.keys = keys;
            this.clock = clock;
        }

        @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT1M")
        void purge() {
            try {
                int purged = keys.purgeExpired(clock.instant());
                if (purged > 0) {
                    log.info("Forgot {} expired Idempotency-Keys", purged);
                }
            } catch (RuntimeException e) {
                log.warn("Could not purge expired Idempotency-Keys: {}", e.toString());
            }
        }
    }
}
