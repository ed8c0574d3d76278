package dev.flightpipeline.local;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the local stack puts things. Every port can be 0 (any free port), which is what tests use.
 *
 * @param dataDirectory PostgreSQL's and Kafka's data, kept across restarts
 * @param realDuffel present when a Duffel access token is configured: the services then talk to
 *     Duffel itself and no simulator is started
 */
public record LocalStackSettings(
        Path dataDirectory,
        int gatewayPort,
        int bookerPort,
        int reconcilerPort,
        int simulatorPort,
        int kafkaPort,
        int postgresPort,
        Optional<RealDuffel> realDuffel) {

    public static final URI DUFFEL_API = URI.create("https://api.duffel.com");

    /** The access token and base URL of the real Duffel API. */
    public record RealDuffel(URI baseUrl, String accessToken) {
        @Override
        public String toString() {
            return "RealDuffel[baseUrl=" + baseUrl + ", accessToken=(hidden)]";
        }
    }

    /**
     * The settings from environment variables ({@code LOCAL_DATA_DIR}, {@code LOCAL_*_PORT},
     * {@code DUFFEL_ACCESS_TOKEN}, {@code DUFFEL_BASE_URL}), with the documented defaults.
     */
    public static LocalStackSettings fromEnvironment(Map<String, String> env) {
        Optional<RealDuffel> realDuffel = Optional.ofNullable(env.get("DUFFEL_ACCESS_TOKEN"))
                .filter(token -> !token.isBlank())
                .map(token -> new RealDuffel(
                        Optional.ofNullable(env.get("DUFFEL_BASE_URL"))
                                .filter(url -> !url.isBlank())
                                .map(URI::create)
                                .orElse(DUFFEL_API),
                        token));
        return new LocalStackSettings(
                Path.of(env.getOrDefault("LOCAL_DATA_DIR", ".local-data")),
                port(env, "LOCAL_GATEWAY_PORT", 5001),
                port(env, "LOCAL_BOOKER_PORT", 5002),
                port(env, "LOCAL_RECONCILER_PORT", 5003),
                port(env, "LOCAL_SIMULATOR_PORT", 4010),
                port(env, "LOCAL_KAFKA_PORT", 19092),
                port(env, "LOCAL_POSTGRES_PORT", 15432),
                realDuffel);
    }

    private static int port(Map<String, String> env, String name, int defaultPort) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (0-65535), not '" + value + "'");
        }
    }
}
