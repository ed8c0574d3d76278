package dev.flightpipeline.reconciler.webhooks;

import dev.flightpipeline.booking.BookingReader;
import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.reconciler.orphans.OrphanOrders;
import dev.flightpipeline.reconciler.sweep.LateOrders;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.reactive.function.server.RequestPredicates;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The Duffel webhook endpoint and what it applies deliveries with. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookConfiguration {

    @Bean
    WebhookDeliveries webhookDeliveries(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            BookingTransitions transitions,
            BookingReader bookings,
            LateOrders lateOrders,
            OrphanOrders orphans,
            Clock clock) {
        // The same transaction manager as the transitions': theirs join the delivery's transaction.
        return new WebhookDeliveries(
                JdbcClient.create(dataSource),
                new TransactionTemplate(transactionManager),
                transitions,
                bookings,
                lateOrders,
                orphans,
                clock);
    }

    @Bean
    DuffelWebhookEndpoint duffelWebhookEndpoint(
            WebhookProperties settings, WebhookDeliveries deliveries, MeterRegistry meters, Clock clock) {
        return new DuffelWebhookEndpoint(settings, deliveries, meters, clock);
    }

    @Bean
    RouterFunction<ServerResponse> duffelWebhookRoutes(DuffelWebhookEndpoint endpoint) {
        return RouterFunctions.route(RequestPredicates.POST(DuffelWebhookEndpoint.PATH), endpoint::receive);
    }
}
