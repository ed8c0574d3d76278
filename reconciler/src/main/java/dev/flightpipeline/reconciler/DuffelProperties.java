package dev.flightpipeline.reconciler;

import dev.flightpipeline.duffel.DuffelClientSettings;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the reconciler reaches Duffel ({@code duffel.*}). It only reads orders, so its timeouts are
 * the ordinary ones and its pool is small.
 *
 * @param accessToken never logged
 */
@ConfigurationProperties("duffel")
public record DuffelProperties(
        @DefaultValue("https://api.duffel.com") URI baseUrl,
        String accessToken,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("30s") Duration defaultTimeout,
        @DefaultValue("100") int maxConnections) {

    public DuffelClientSettings clientSettings() {
        return new DuffelClientSettings(
                baseUrl, accessToken, connectTimeout, defaultTimeout, defaultTimeout, defaultTimeout, maxConnections);
    }

    @Override
    public String toString() {
        return "DuffelProperties[baseUrl=" + baseUrl + ", accessToken=(hidden)]";
    }
}
