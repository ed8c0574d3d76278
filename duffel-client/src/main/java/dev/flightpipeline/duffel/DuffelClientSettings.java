package dev.flightpipeline.duffel;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Duffel.
 *
 * @param baseUrl {@code https://api.duffel.com}, or the simulator's address
 * @param accessToken a {@code duffel_test_} or {@code duffel_live_} token; never logged
 * @param searchTimeout offer requests (Duffel aims at 20 s)
 * @param orderCreationTimeout order creation (Duffel allows itself 120 s and advises 130 s)
 * @param defaultTimeout every other call
 * @param maxConnections connections to Duffel at once: the calls the client can have in flight
 */
public record DuffelClientSettings(
        URI baseUrl,
        String accessToken,
        Duration connectTimeout,
        Duration searchTimeout,
        Duration orderCreationTimeout,
        Duration defaultTimeout,
        int maxConnections) {

    public static final URI DUFFEL_API = URI.create("https://api.duffel.com");

    public DuffelClientSettings {
        Objects.requireNonNull(baseUrl, "baseUrl is required");
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("baseUrl must be an http or https URL, not " + baseUrl);
        }
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("accessToken is required (a Duffel access token)");
        }
        positive("connectTimeout", connectTimeout);
        positive("searchTimeout", searchTimeout);
        positive("orderCreationTimeout", orderCreationTimeout);
        positive("defaultTimeout", defaultTimeout);
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, not " + maxConnections);
        }
    }

    /** Duffel's advice and a pool sized for thousands of calls in flight. */
    public static DuffelClientSettings defaults(URI baseUrl, String accessToken) {
        return new DuffelClientSettings(
                baseUrl,
                accessToken,
                Duration.ofSeconds(10),
                Duration.ofSeconds(30),
                Duration.ofSeconds(130),
                Duration.ofSeconds(30),
                10_000);
    }

    public DuffelClientSettings withOrderCreationTimeout(Duration timeout) {
        return new DuffelClientSettings(
                baseUrl, accessToken, connectTimeout, searchTimeout, timeout, defaultTimeout, maxConnections);
    }

    public DuffelClientSettings withDefaultTimeout(Duration timeout) {
        return new DuffelClientSettings(
                baseUrl, accessToken, connectTimeout, timeout, orderCreationTimeout, timeout, maxConnections);
    }

    public DuffelClientSettings withMaxConnections(int connections) {
        return new DuffelClientSettings(
                baseUrl, accessToken, connectTimeout, searchTimeout, orderCreationTimeout, defaultTimeout, connections);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + value);
        }
    }

    @Override
    public String toString() {
        return "DuffelClientSettings[baseUrl=" + baseUrl + ", accessToken=(hidden), connectTimeout=" + connectTimeout
                + ", searchTimeout=" + searchTimeout + ", orderCreationTimeout=" + orderCreationTimeout
                + ", defaultTimeout=" + defaultTimeout + ", maxConnections=" + maxConnections + "]";
    }
}
