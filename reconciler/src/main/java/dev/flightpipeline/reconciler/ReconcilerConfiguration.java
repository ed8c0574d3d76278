package dev.flightpipeline.reconciler;

import dev.flightpipeline.booking.BookingTransitions;
import dev.flightpipeline.booking.outbox.EventTrace;
import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.reconciler.orphans.OrphanOrders;
import dev.flightpipeline.reconciler.sweep.LateOrders;
import dev.flightpipeline.reconciler.sweep.SweepSchedule;
import dev.flightpipeline.reconciler.sweep.UnknownOutcomeSweep;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reconciler's parts and how they are wired. It writes its events to the outbox only: the
 * bookers' relay publishes them.
 */
@Configuration(proxyBeanMethods = false)
class ReconcilerConfiguration {

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
    DuffelClient duffelClient(DuffelProperties duffel, ObservationRegistry observations) {
        return DuffelClient.create(duffel.clientSettings(), observations);
    }

    /** Events are written in the trace of the work at hand: a webhook delivery's; the sweep's have none. */
    @Bean
    BookingTransitions bookingTransitions(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            Clock clock,
            ObjectProvider<Tracer> tracer,
            ObjectProvider<Propagator> propagator) {
        return new BookingTransitions(
                new JdbcTemplate(dataSource),
                new TransactionTemplate(transactionManager),
                clock,
                "reconciler",
                BookingTransitions.CheckTimes.defaults(),
                EventTrace.current(
                        tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP)),
                // No relay here: the bookers' relay publishes these events at its next poll.
                () -> {});
    }

    @Bean
    LateOrders lateOrders(DuffelClient duffel, ReconcilerProperties settings) {
        return new LateOrders(duffel, settings.ordersPageSize());
    }

    @Bean
    OrphanOrders orphanOrders(
            DataSource dataSource,
            PlatformTransactionManager transactionManager,
            BookingTransitions transitions,
            MeterRegistry meters,
            Clock clock) {
        // The same transaction manager as the transitions': a report joins the caller's transaction.
        return new OrphanOrders(
                JdbcClient.create(dataSource), new TransactionTemplate(transactionManager), transitions, meters, clock);
    }

    @Bean
    UnknownOutcomeSweep unknownOutcomeSweep(
            BookingTransitions transitions,
            LateOrders lateOrders,
            OrphanOrders orphans,
            ReconcilerProperties settings,
            MeterRegistry meters,
            Clock clock) {
        return new UnknownOutcomeSweep(transitions, lateOrders, orphans, settings, meters, clock);
    }

    @Bean
    SweepSchedule sweepSchedule(UnknownOutcomeSweep sweep, ReconcilerProperties settings) {
        return new SweepSchedule(sweep, settings);
    }
}
