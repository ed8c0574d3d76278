package dev.flightpipeline.gateway.search;

import dev.flightpipeline.duffel.DuffelCallMetrics;
import dev.flightpipeline.duffel.DuffelClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** The Duffel client the search uses; there is none while no access token is configured. */
@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(AccessTokenConfigured.class)
    DuffelClient duffelClient(DuffelProperties duffel, MeterRegistry metrics, ObservationRegistry observations) {
        DuffelClient client = DuffelClient.create(duffel.clientSettings(), observations);
        client.observeCalls(new DuffelCallMetrics(metrics));
        return client;
    }

    /**
     * The gateway must start without a token too (its booking endpoints do not call Duffel), and
     * the client refuses to exist without one.
     */
    static final class AccessTokenConfigured implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return Binder.get(context.getEnvironment())
                    .bind("duffel.access-token", String.class)
                    .map(token -> !token.isBlank())
                    .orElse(false);
        }
    }
}
