package dev.flightpipeline.gateway.search;

import dev.flightpipeline.duffel.DuffelClientSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway reaches Duffel ({@code duffel.*}).
 *
 * @param accessToken never logged; without one the gateway still starts (it serves bookings too)
 *     and answers searches with 503
 * @param searchTimeout how long a search may take before the answer is 504 (Duffel aims at 20 s)
 * @param defaultTimeout every other call to Duffel
 * @param maxConnections connections to Duffel at once: the searches the gateway can have in flight
 */
@ConfigurationProperties("duffel")
public record DuffelProperties(
        @DefaultValue("https://api.duffel.com") URI baseUrl,
        String accessToken,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration searchTimeout,
        @DefaultValue("30s") Duration defaultTimeout,
        @DefaultValue("10000") int maxConnections) {

    /** Duffel's advice for order creation; the gateway creates no orders itself. */
    private static final Duration ORDER_CREATION_TIMEOUT = Duration.ofSeconds(130);

    public boolean hasAccessToken() {
        return accessToken != null && !accessToken.isBlank();
    }

    public DuffelClientSettings clientSettings() {
        return new DuffelClientSettings(
                baseUrl,
                accessToken,
                connectTimeout,
                searchTimeout,
                ORDER_CREATION_TIMEOUT,
                defaultTimeout,
                maxConnections);
    }

    @Override
    public String toString() {
        return "DuffelProperties[baseUrl=" + baseUrl + ", accessToken=(hidden), searchTimeout=" + searchTimeout + "]";
    }
}
