package dev.flightpipeline.booker;

import dev.flightpipeline.duffel.DuffelClientSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the booker reaches Duffel ({@code duffel.*}).
 *
 * @param accessToken never logged
 * @param maxConnections at least the booker's calls in flight
 */
@ConfigurationProperties("duffel")
public record DuffelProperties(
        @DefaultValue("https://api.duffel.com") URI baseUrl,
        String accessToken,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("130s") Duration orderCreationTimeout,
        @DefaultValue("30s") Duration defaultTimeout,
        @DefaultValue("10000") int maxConnections) {

    public DuffelClientSettings clientSettings() {
        return new DuffelClientSettings(
                baseUrl,
                accessToken,
                connectTimeout,
                defaultTimeout,
                orderCreationTimeout,
                defaultTimeout,
                maxConnections);
    }

    @Override
    public String toString() {
        return "DuffelProperties[baseUrl=" + baseUrl + ", accessToken=(hidden)]";
    }
}
