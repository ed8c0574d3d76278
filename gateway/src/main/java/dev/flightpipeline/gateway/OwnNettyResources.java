package dev.flightpipeline.gateway;

import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ReactorResourceFactory;

/**
 * The gateway's own Netty event loops and connection pools instead of Reactor Netty's global ones:
 * the services share a JVM in the local stack and in end-to-end tests, and an application that
 * stops disposes the global resources, which would take the others' servers down with it.
 */
@Configuration(proxyBeanMethods = false)
class OwnNettyResources {

    @Bean
    ReactorResourceFactory reactorResourceFactory() {
        ReactorResourceFactory resources = new ReactorResourceFactory();
        resources.setUseGlobalResources(false);
        // By the time the loops stop, the server has answered its last request; Reactor Netty's
        // default quiet period made every stop of the application two seconds longer.
        resources.setShutdownQuietPeriod(Duration.ofMillis(100));
        return resources;
    }
}
