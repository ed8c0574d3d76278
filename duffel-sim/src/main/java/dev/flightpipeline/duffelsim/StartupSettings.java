package dev.flightpipeline.duffelsim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings of a simulator started on its own, from (weakest first) the defaults, a JSON
 * settings file ({@code --config=} or {@code SIM_CONFIG}), {@code SIM_*} environment variables and
 * {@code --name=value} arguments. Each knob has one name: {@code --create-order-latency} on the
 * command line is {@code SIM_CREATE_ORDER_LATENCY} in the environment.
 */
final class StartupSettings {

    /** The port when none is given: where the project's local stack and compose file expect it. */
    static final int DEFAULT_PORT = 4010;

    record Setting(String name, String meaning, BiFunction<SimulatorConfig, String, SimulatorConfig> apply) {
        String environmentName() {
            return "SIM_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
        }
    }

    static final List<Setting> SETTINGS = List.of(
            new Setting("port", "port to listen on; 0 for any free port", (c, v) -> c.withPort(integer(v))),
            new Setting("host", "interface to listen on, e.g. 0.0.0.0 in a container", SimulatorConfig::withHost),
            new Setting(
                    "token-prefix",
                    "access tokens starting with this are accepted; empty: only --tokens",
                    SimulatorConfig::withAcceptedTokenPrefix),
            new Setting(
                    "tokens",
                    "access tokens accepted exactly, comma-separated",
                    (c, v) -> c.withAcceptedTokens(Arrays.stream(v.split(","))
                            .map(String::trim)
                            .filter(token -> !token.isEmpty())
                            .toList())),
            new Setting(
                    "offer-lifetime",
                    "how long an offer can be booked, e.g. 20m",
                    (c, v) -> c.withOfferLifetime(Durations.parse(v))),
            new Setting("seed", "seed of offers and fault draws", (c, v) -> c.withSeed(Long.parseLong(v.trim()))),
            new Setting("offers-per-search", "offers per search, 1-200", (c, v) -> c.withOffersPerSearch(integer(v))),
            new Setting(
                    "search-latency",
                    "delay of searches: 250, 1s or 20s..30s",
                    (c, v) -> c.withSearchLatency(SimulatorConfig.Latency.parse(v))),
            new Setting(
                    "get-offer-latency",
                    "delay of GET /air/offers/{id}",
                    (c, v) -> c.withGetOfferLatency(SimulatorConfig.Latency.parse(v))),
            new Setting(
                    "create-order-latency",
                    "delay of POST /air/orders",
                    (c, v) -> c.withCreateOrderLatency(SimulatorConfig.Latency.parse(v))),
            new Setting(
                    "orders-latency",
                    "delay of getting and listing orders",
                    (c, v) -> c.withOrdersLatency(SimulatorConfig.Latency.parse(v))),
            new Setting(
                    "faults",
                    "shares of create-order faults, e.g. TIMEOUT_AFTER_CREATE=0.05,ORDER_NOT_CREATED=0.02",
                    (c, v) -> c.withOrderFaults(faultShares(v))),
            new Setting(
                    "hang-for",
                    "how long a TIMEOUT_AFTER_CREATE answer is held back",
                    (c, v) -> c.withHangFor(Durations.parse(v))),
            new Setting(
                    "rate-limit",
                    "requests per second before 429s; 0: no limit",
                    (c, v) -> c.withRateLimitPerSecond(integer(v))),
            new Setting(
                    "webhook-url",
                    "where webhook events are posted",
                    (c, v) -> c.withWebhooks(c.webhooks().to(v, c.webhooks().secret()))),
            new Setting(
                    "webhook-secret",
                    "the webhook signing secret",
                    (c, v) -> c.withWebhooks(c.webhooks().to(c.webhooks().url(), v))),
            new Setting(
                    "webhook-delay",
                    "how long after a 202 the order or its failure is announced",
                    (c, v) -> c.withWebhooks(c.webhooks().withDelay(Durations.parse(v)))),
            new Setting(
                    "webhook-max-attempts",
                    "deliveries tried per event, 1-20",
                    (c, v) -> c.withWebhooks(
                            c.webhooks().withRetries(integer(v), c.webhooks().firstRetryAfter()))),
            new Setting(
                    "webhook-first-retry-after",
                    "first backoff between delivery attempts; it doubles up to 10s",
                    (c, v) ->
                            c.withWebhooks(c.webhooks().withRetries(c.webhooks().maxAttempts(), Durations.parse(v)))),
            new Setting(
                    "webhook-duplicate-share",
                    "share of events delivered twice, 0-1",
                    (c, v) -> c.withWebhooks(c.webhooks().withDuplicateShare(Double.parseDouble(v.trim())))),
            new Setting(
                    "webhook-every-order",
                    "true: order.created for every order, as Duffel; false: only after a 202",
                    (c, v) -> c.withWebhooks(c.webhooks().withAnnounceEveryOrder(bool(v)))));

    private StartupSettings() {}

    /**
     * The settings the arguments and environment describe.
     *
     * @throws IllegalArgumentException naming the argument, variable or file that is wrong
     */
    static SimulatorConfig read(String[] args, Map<String, String> environment) {
        SimulatorConfig config = SimulatorConfig.defaults().withPort(DEFAULT_PORT);
        Optional<String> file = argument(args, "config").or(() -> Optional.ofNullable(environment.get("SIM_CONFIG")));
        if (file.isPresent()) {
            config = fromFile(config, Path.of(file.get()));
        }
        for (Setting setting : SETTINGS) {
            String value = environment.get(setting.environmentName());
            if (value != null) {
                config = apply(config, setting, value, setting.environmentName());
            }
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, not '" + arg + "'");
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (name.equals("config")) {
                continue;
            }
            Setting setting = SETTINGS.stream()
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown setting --" + name));
            config = apply(config, setting, arg.substring(arg.indexOf('=') + 1), "--" + name);
        }
        return config;
    }

    static String usage() {
        StringBuilder usage = new StringBuilder("usage: java -jar duffel-sim-exec.jar [--name=value ...]\n\n");
        usage.append(String.format(
                "  %-30s %-32s %s%n", "--config=settings.json", "SIM_CONFIG", "settings as /_sim/config shows them"));
        for (Setting setting : SETTINGS) {
            usage.append(String.format(
                    "  %-30s %-32s %s%n",
                    "--" + setting.name() + "=...", setting.environmentName(), setting.meaning()));
        }
        return usage.toString();
    }

    private static SimulatorConfig apply(SimulatorConfig config, Setting setting, String value, String source) {
        try {
            return setting.apply().apply(config, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + "=" + value + ": " + e.getMessage(), e);
        }
    }

    private static SimulatorConfig fromFile(SimulatorConfig config, Path file) {
        try {
            JsonMapper json = JsonMapper.builder().build();
            return new ConfigJson(json).merged(config, json.readTree(Files.readString(file)));
        } catch (IOException | JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("settings file " + file + ": " + ConfigJson.rootMessage(e), e);
        }
    }

    private static Optional<String> argument(String[] args, String name) {
        String prefix = "--" + name + "=";
        return Arrays.stream(args)
                .filter(arg -> arg.startsWith(prefix))
                .map(arg -> arg.substring(prefix.length()))
                .reduce((first, second) -> second);
    }

    static Map<OrderFault, Double> faultShares(String text) {
        Map<OrderFault, Double> shares = new EnumMap<>(OrderFault.class);
        for (String part : text.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            String[] pair = part.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("faults are FAULT=share pairs, not '" + part.trim() + "'");
            }
            OrderFault fault;
            try {
                fault = OrderFault.valueOf(
                        pair[0].trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown fault '" + pair[0].trim() + "'; known: " + Arrays.toString(OrderFault.values()), e);
            }
            shares.put(fault, Double.parseDouble(pair[1].trim()));
        }
        return shares;
    }

    private static int integer(String value) {
        return Integer.parseInt(value.trim());
    }

    private static boolean bool(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }
}
