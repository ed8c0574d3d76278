package dev.flightpipeline.duffelsim;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every knob of the simulator. Set at start-up ({@link DuffelSimulator#start}, or the command line,
 * {@code SIM_*} variables and a settings file for {@link DuffelSimulatorMain}) and changed at run
 * time with {@link DuffelSimulator#updateConfig} or {@code PUT /_sim/config}, where a partial body
 * changes only what it names.
 *
 * @param host the interface to listen on (127.0.0.1 locally, 0.0.0.0 in a container)
 * @param port 0 for any free port
 * @param acceptedTokenPrefix access tokens starting with this (and longer than it) are valid, as
 *     Duffel's test tokens start {@code duffel_test_}; empty: only {@code acceptedTokens}
 * @param acceptedTokens access tokens accepted exactly, whatever the prefix
 * @param offerLifetime how long an offer can be booked after the search
 * @param seed makes offers and fault draws repeatable
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
        List<String> acceptedTokens,
        Duration offerLifetime,
        long seed,
        int offersPerSearch,
        Latencies latency,
        Map<OrderFault, Double> orderFaults,
        Duration hangFor,
        int rateLimitPerSecond,
        Webhooks webhooks) {

    public SimulatorConfig {
        require(host != null && !host.isBlank(), "host is required");
        require(port >= 0 && port <= 65535, "port must be 0-65535, not " + port);
        acceptedTokenPrefix = acceptedTokenPrefix == null ? "" : acceptedTokenPrefix;
        acceptedTokens = acceptedTokens == null ? List.of() : List.copyOf(acceptedTokens);
        require(
                !acceptedTokenPrefix.isEmpty() || !acceptedTokens.isEmpty(),
                "acceptedTokenPrefix or acceptedTokens must accept some token");
        requirePositive(offerLifetime, "offerLifetime");
        require(
                offersPerSearch >= 1 && offersPerSearch <= 200,
                "offersPerSearch must be 1-200, not " + offersPerSearch);
        require(latency != null, "latency is required");
        requireNotNegative(hangFor, "hangFor");
        require(rateLimitPerSecond >= 0, "rateLimitPerSecond must not be negative");
        require(webhooks != null, "webhooks is required");
        orderFaults = orderFaults == null || orderFaults.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(orderFaults));
        double total = 0;
        for (var share : orderFaults.entrySet()) {
            require(
                    share.getValue() != null && share.getValue() >= 0 && share.getValue() <= 1,
                    "the share of " + share.getKey() + " must be 0-1");
            total += share.getValue();
        }
        require(total <= 1.0000001, "the fault shares add up to " + total + ", more than 1");
    }

    /** A delay drawn uniformly between min and max (equal for a fixed delay). */
    public record Latency(Duration min, Duration max) {
        public static final Latency NONE = new Latency(Duration.ZERO, Duration.ZERO);

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Latency {
            require(min != null && max != null, "latency needs a min and a max");
            require(
                    !min.isNegative() && max.compareTo(min) >= 0,
                    "latency needs 0 <= min <= max, not " + min + ".." + max);
        }

        public static Latency between(Duration min, Duration max) {
            return new Latency(min, max);
        }

        public static Latency fixed(Duration delay) {
            return new Latency(delay, delay);
        }

        /**
         * Reads {@code 250} (ms), {@code 20000..30000} (ms), {@code 2s}, {@code 20s..30s} or ISO-8601
         * durations such as {@code PT20S..PT30S}; in JSON settings too ({@code "createOrder": "20s..30s"}).
         */
        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Latency parse(String text) {
            String[] bounds = text.trim().split("\\.\\.", -1);
            require(bounds.length <= 2, "a latency is 'min..max' or one value, not '" + text + "'");
            Duration min = Durations.parse(bounds[0]);
            return new Latency(min, bounds.length == 2 ? Durations.parse(bounds[1]) : min);
        }
    }

    /** Delays of each endpoint: searches, getting an offer, creating an order, getting or listing orders. */
    public record Latencies(Latency search, Latency getOffer, Latency createOrder, Latency orders) {
        public static final Latencies NONE = new Latencies(Latency.NONE, Latency.NONE, Latency.NONE, Latency.NONE);

        public Latencies {
            require(
                    search != null && getOffer != null && createOrder != null && orders != null,
                    "latency needs search, getOffer, createOrder and orders");
        }
    }

    /**
     * Webhook delivery, signed as Duffel signs it.
     *
     * @param url where events are posted; null: no webhooks (the order after a 202 is still created)
     * @param secret the webhook's signing secret
     * @param delay how long after a 202 the order (or its failure) is stored and announced
     * @param maxAttempts deliveries tried per event until one answers 2xx (1-20)
     * @param firstRetryAfter the first backoff between attempts; it doubles up to 10 s
     * @param duplicateShare share (0-1) of events delivered twice, as at-least-once delivery may
     * @param announceEveryOrder send {@code order.created} for every order, as Duffel does, not only
     *     for those that answered 202
     */
    public record Webhooks(
            String url,
            String secret,
            Duration delay,
            int maxAttempts,
            Duration firstRetryAfter,
            double duplicateShare,
            boolean announceEveryOrder) {
        public static final Webhooks NONE =
                new Webhooks(null, "sim-webhook-secret", Duration.ofSeconds(2), 5, Duration.ofMillis(500), 0, true);

        public Webhooks {
            url = url == null || url.isBlank() ? null : url;
            require(secret != null && !secret.isEmpty(), "the webhook secret must not be empty");
            requireNotNegative(delay, "webhooks.delay");
            require(maxAttempts >= 1 && maxAttempts <= 20, "webhooks.maxAttempts must be 1-20");
            requireNotNegative(firstRetryAfter, "webhooks.firstRetryAfter");
            require(duplicateShare >= 0 && duplicateShare <= 1, "webhooks.duplicateShare must be 0-1");
        }

        /** Events go to {@code url}, signed with {@code secret}; the other settings as they are. */
        public Webhooks to(String url, String secret) {
            return new Webhooks(url, secret, delay, maxAttempts, firstRetryAfter, duplicateShare, announceEveryOrder);
        }

        public Webhooks withDelay(Duration delay) {
            return new Webhooks(url, secret, delay, maxAttempts, firstRetryAfter, duplicateShare, announceEveryOrder);
        }

        public Webhooks withRetries(int maxAttempts, Duration firstRetryAfter) {
            return new Webhooks(url, secret, delay, maxAttempts, firstRetryAfter, duplicateShare, announceEveryOrder);
        }

        public Webhooks withDuplicateShare(double duplicateShare) {
            return new Webhooks(url, secret, delay, maxAttempts, firstRetryAfter, duplicateShare, announceEveryOrder);
        }

        public Webhooks withAnnounceEveryOrder(boolean announceEveryOrder) {
            return new Webhooks(url, secret, delay, maxAttempts, firstRetryAfter, duplicateShare, announceEveryOrder);
        }

        @Override
        public String toString() {
            return "Webhooks[url=" + url + ", secret=(hidden), delay=" + delay + ", maxAttempts=" + maxAttempts
                    + ", firstRetryAfter=" + firstRetryAfter + ", duplicateShare=" + duplicateShare
                    + ", announceEveryOrder=" + announceEveryOrder + "]";
        }
    }

    /**
     * Loopback, any free port, Duffel test tokens, 20-minute offers, seed 42, 5 offers per search,
     * no latency, no faults, no rate limit, no webhook URL.
     */
    public static SimulatorConfig defaults() {
        return new SimulatorConfig(
                "127.0.0.1",
                0,
                "duffel_test_",
                List.of(),
                Duration.ofMinutes(20),
                42,
                5,
                Latencies.NONE,
                Map.of(),
                Duration.ofSeconds(200),
                0,
                Webhooks.NONE);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public SimulatorConfig withHost(String host) {
        return toBuilder().host(host).build();
    }

    public SimulatorConfig withPort(int port) {
        return toBuilder().port(port).build();
    }

    public SimulatorConfig withAcceptedTokenPrefix(String prefix) {
        return toBuilder().acceptedTokenPrefix(prefix).build();
    }

    public SimulatorConfig withAcceptedTokens(List<String> tokens) {
        return toBuilder().acceptedTokens(tokens).build();
    }

    public SimulatorConfig withOfferLifetime(Duration offerLifetime) {
        return toBuilder().offerLifetime(offerLifetime).build();
    }

    public SimulatorConfig withSeed(long seed) {
        return toBuilder().seed(seed).build();
    }

    public SimulatorConfig withOffersPerSearch(int offersPerSearch) {
        return toBuilder().offersPerSearch(offersPerSearch).build();
    }

    public SimulatorConfig withLatency(Latencies latency) {
        return toBuilder().latency(latency).build();
    }

    public SimulatorConfig withSearchLatency(Latency search) {
        return withLatency(new Latencies(search, latency.getOffer(), latency.createOrder(), latency.orders()));
    }

    public SimulatorConfig withGetOfferLatency(Latency getOffer) {
        return withLatency(new Latencies(latency.search(), getOffer, latency.createOrder(), latency.orders()));
    }

    public SimulatorConfig withCreateOrderLatency(Latency createOrder) {
        return withLatency(new Latencies(latency.search(), latency.getOffer(), createOrder, latency.orders()));
    }

    public SimulatorConfig withOrdersLatency(Latency orders) {
        return withLatency(new Latencies(latency.search(), latency.getOffer(), latency.createOrder(), orders));
    }

    public SimulatorConfig withOrderFaults(Map<OrderFault, Double> orderFaults) {
        return toBuilder().orderFaults(orderFaults).build();
    }

    /** The other shares as they are, this one set (0 removes it). */
    public SimulatorConfig withOrderFault(OrderFault fault, double share) {
        Map<OrderFault, Double> shares = new EnumMap<>(OrderFault.class);
        shares.putAll(orderFaults);
        shares.put(fault, share);
        shares.values().removeIf(value -> value == 0);
        return withOrderFaults(shares);
    }

    public SimulatorConfig withHangFor(Duration hangFor) {
        return toBuilder().hangFor(hangFor).build();
    }

    public SimulatorConfig withRateLimitPerSecond(int rateLimitPerSecond) {
        return toBuilder().rateLimitPerSecond(rateLimitPerSecond).build();
    }

    public SimulatorConfig withWebhooks(Webhooks webhooks) {
        return toBuilder().webhooks(webhooks).build();
    }

    /** Builds a {@link SimulatorConfig} one knob at a time; validation happens in {@link #build()}. */
    public static final class Builder {
        private String host;
        private int port;
        private String acceptedTokenPrefix;
        private List<String> acceptedTokens;
        private Duration offerLifetime;
        private long seed;
        private int offersPerSearch;
        private Latencies latency;
        private Map<OrderFault, Double> orderFaults;
        private Duration hangFor;
        private int rateLimitPerSecond;
        private Webhooks webhooks;

        private Builder(SimulatorConfig from) {
            host = from.host;
            port = from.port;
            acceptedTokenPrefix = from.acceptedTokenPrefix;
            acceptedTokens = from.acceptedTokens;
            offerLifetime = from.offerLifetime;
            seed = from.seed;
            offersPerSearch = from.offersPerSearch;
            latency = from.latency;
            orderFaults = from.orderFaults;
            hangFor = from.hangFor;
            rateLimitPerSecond = from.rateLimitPerSecond;
            webhooks = from.webhooks;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder acceptedTokenPrefix(String acceptedTokenPrefix) {
            this.acceptedTokenPrefix = acceptedTokenPrefix;
            return this;
        }

        public Builder acceptedTokens(List<String> acceptedTokens) {
            this.acceptedTokens = acceptedTokens;
            return this;
        }

        public Builder offerLifetime(Duration offerLifetime) {
            this.offerLifetime = offerLifetime;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder offersPerSearch(int offersPerSearch) {
            this.offersPerSearch = offersPerSearch;
            return this;
        }

        public Builder latency(Latencies latency) {
            this.latency = latency;
            return this;
        }

        public Builder orderFaults(Map<OrderFault, Double> orderFaults) {
            this.orderFaults = orderFaults;
            return this;
        }

        public Builder hangFor(Duration hangFor) {
            this.hangFor = hangFor;
            return this;
        }

        public Builder rateLimitPerSecond(int rateLimitPerSecond) {
            this.rateLimitPerSecond = rateLimitPerSecond;
            return this;
        }

        public Builder webhooks(Webhooks webhooks) {
            this.webhooks = webhooks;
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(
                    host,
                    port,
                    acceptedTokenPrefix,
                    acceptedTokens,
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

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    private static void requireNotNegative(Duration duration, String name) {
        require(duration != null && !duration.isNegative(), name + " must be a duration of 0 or more");
    }

    private static void requirePositive(Duration duration, String name) {
        require(duration != null && duration.isPositive(), name + " must be a positive duration");
    }
}
