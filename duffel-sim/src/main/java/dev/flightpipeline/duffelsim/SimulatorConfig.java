package dev.flightpipeline.duffelsim;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * Every knob of the simulator. Set at start-up, and changed at run time with
 * {@code PUT /_sim/config} (a partial body changes only what it names).
 *
 * @param host the interface to listen on (127.0.0.1 locally, 0.0.0.0 in a container)
 * @param port 0 for any free port
 * @param acceptedTokenPrefix access tokens starting with this are valid (Duffel's test tokens)
 * @param offerLifetime how long an offer can be booked after the search
 * @param seed makes searches and fault draws repeatable
 * @param offersPerSearch offers returned by one offer request
 * @param latency delays per endpoint
 * @param orderFaults the share (0 to 1) of create-order calls that end in each fault
 * @param hangFor how long a {@link OrderFault#TIMEOUT_AFTER_CREATE} answer is held back
 * @param rateLimitPerSecond requests allowed per second before 429s (0: no limit)
 * @param webhooks where and how webhooks are delivered
 */
public record SimulatorConfig(
        String host,
        int port,
        String acceptedTokenPrefix,
        Duration offerLifetime,
        long seed,
        int offersPerSearch,
        Latencies latency,
        Map<OrderFault, Double> orderFaults,
        Duration hangFor,
        int rateLimitPerSecond,
        Webhooks webhooks) {

    public SimulatorConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, not " + port);
        }
        if (offersPerSearch < 1 || offersPerSearch > 200) {
            throw new IllegalArgumentException("offersPerSearch must be 1-200, not " + offersPerSearch);
        }
        if (rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("rateLimitPerSecond must not be negative");
        }
        orderFaults = orderFaults == null || orderFaults.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(orderFaults));
        double total = 0;
        for (var share : orderFaults.entrySet()) {
            if (share.getValue() < 0 || share.getValue() > 1) {
                throw new IllegalArgumentException("the share of " + share.getKey() + " must be 0-1");
            }
            total += share.getValue();
        }
        if (total > 1.0000001) {
            throw new IllegalArgumentException("the fault shares add up to " + total + ", more than 1");
        }
    }

    /** A uniform delay between min and max. */
    public record Latency(Duration min, Duration max) {
        public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

        public Latency {
            if (min.isNegative() || max.compareTo(min) < 0) {
                throw new IllegalArgumentException("latency needs 0 <= min <= max, not " + min + ".." + max);
            }
        }

        public static Latency between(Duration min, Duration max) {
            return new Latency(min, max);
        }
    }

    /** Delays of each endpoint. */
    public record Latencies(Latency search, Latency getOffer, Latency createOrder, Latency orders) {
        public static final Latencies NONE = new Latencies(Latency.NONE, Latency.NONE, Latency.NONE, Latency.NONE);
    }

    /**
     * @param url where events are posted; null: no webhooks
     * @param secret the webhook's signing secret
     * @param delay how long after a 202 the order (or its failure) is announced
     * @param maxAttempts deliveries tried per event until one answers 2xx
     * @param duplicateShare share of events delivered twice (deliveries are at least once)
     */
    public record Webhooks(String url, String secret, Duration delay, int maxAttempts, double duplicateShare) {
        public static final Webhooks NONE = new Webhooks(null, "sim-webhook-secret", Duration.ofSeconds(2), 5, 0);

        @Override
        public String toString() {
            return "Webhooks[url=" + url + ", secret=(hidden), delay=" + delay + ", maxAttempts=" + maxAttempts
                    + ", duplicateShare=" + duplicateShare + "]";
        }
    }

    public static SimulatorConfig defaults() {
        return new SimulatorConfig(
                "127.0.0.1",
                0,
                "duffel_test_",
                Duration.ofMinutes(20),
                42,
                5,
                Latencies.NONE,
                Map.of(),
                Duration.ofSeconds(200),
                0,
                Webhooks.NONE);
    }

    public SimulatorConfig withHost(String host) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }

    public SimulatorConfig withPort(int port) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }

    public SimulatorConfig withOfferLifetime(Duration offerLifetime) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }

    public SimulatorConfig withLatency(Latencies latency) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }

    public SimulatorConfig withCreateOrderLatency(Latency createOrder) {
        return withLatency(new Latencies(latency.search(), latency.getOffer(), createOrder, latency.orders()));
    }

    public SimulatorConfig withOrderFaults(Map<OrderFault, Double> orderFaults) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }

    public SimulatorConfig withHangFor(Duration hangFor) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }

    public SimulatorConfig withRateLimitPerSecond(int rateLimitPerSecond) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }

    public SimulatorConfig withWebhooks(Webhooks webhooks) {
        return new SimulatorConfig(
                host,
                port,
                acceptedTokenPrefix,
                offerLifetime,
                seed,
                offersPerSearch,
                latency,
                orderFaults,
                hangFor,
                rateLimitPerSecond,
                webhooks);
    }
}
