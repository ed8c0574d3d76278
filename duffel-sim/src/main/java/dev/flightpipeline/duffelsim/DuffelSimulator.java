package dev.flightpipeline.duffelsim;

import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stateful simulator of the Duffel API over HTTP, non-blocking throughout: a slow answer is a
 * timer, not a thread. Start it embedded with {@link #start(SimulatorConfig)} or on its own with
 * {@link DuffelSimulatorMain}. Its own admin endpoints live under {@code /_sim/}.
 */
public final class DuffelSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DuffelSimulator.class);
    static final String VERSION = "v2";

    private final JsonMapper json = JsonMapper.builder().build();
    private final Clock clock = Clock.systemUTC();
    private final SimulatedDuffel duffel;
    private final WebhookSender webhooks;
    private final RateLimitWindow rateLimit = new RateLimitWindow(clock);
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicLong inFlightMax = new AtomicLong();
    private final AdminEndpoints admin;
    private DisposableServer server;

    private DuffelSimulator(SimulatorConfig config) {
        this.duffel = new SimulatedDuffel(config, json, clock);
        this.webhooks = new WebhookSender(() -> duffel.config().webhooks(), json, clock);
        this.admin = new AdminEndpoints(this, json);
    }

    public static DuffelSimulator start(SimulatorConfig config) {
        DuffelSimulator simulator = new DuffelSimulator(config);
        simulator.server = HttpServer.create()
                .host(config.host())
                .port(config.port())
                .compress(true)
                .handle(simulator::handle)
                .bindNow(Duration.ofSeconds(10));
        log.info("Duffel simulator listening on {}", simulator.baseUrl());
        return simulator;
    }

    public String baseUrl() {
        String host = "0.0.0.0".equals(config().host()) ? "127.0.0.1" : config().host();
        return "http://" + host + ":" + port();
    }

    public int port() {
        return server.port();
    }

    public SimulatorConfig config() {
        return duffel.config();
    }

    /** Takes a new configuration at once (the host and port stay as they are). */
    public void updateConfig(SimulatorConfig config) {
        duffel.configure(config.withHost(config().host()).withPort(config().port()));
    }

    /** The next {@code count} create-order calls end in {@code fault}, whatever the shares say. */
    public void forceNextOrderFaults(OrderFault fault, int count) {
        duffel.forceNextOrderFaults(fault, count);
    }

    public SimulatorStats stats() {
        return duffel.stats(
                duffel.searchCount(), inFlight.get(), inFlightMax.get(), webhooks.sent(), webhooks.failures());
    }

    /** Forgets every offer, order and counter. */
    public void reset() {
        duffel.reset();
        webhooks.reset();
        inFlightMax.set(inFlight.get());
    }

    @Override
    public void close() {
        if (server != null) {
            server.disposeNow(Duration.ofSeconds(5));
        }
    }

    private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        long now = inFlight.incrementAndGet();
        inFlightMax.accumulateAndGet(now, Math::max);
        String requestId = requestId();
        QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        Mono<Answer> answer = uri.path().startsWith("/_sim/") ? admin.handle(request, uri) : api(request, uri);
        return answer.flatMap(result -> send(response, requestId, result))
                .onErrorResume(e -> {
                    log.error("Simulator failure on {} {}", request.method(), uri.path(), e);
                    return send(
                            response,
                            requestId,
                            ApiErrors.error(
                                    500,
                                    "api_error",
                                    "internal_server_error",
                                    "Internal server error",
                                    "The simulator failed: " + e.getMessage()));
                })
                .doFinally(signal -> inFlight.decrementAndGet());
    }

    private Mono<Answer> api(HttpServerRequest request, QueryStringDecoder uri) {
        Answer.Json refused = RequestRules.check(request, config().acceptedTokenPrefix());
        if (refused != null) {
            return drain(request).thenReturn(refused);
        }
        RateLimitWindow.Verdict verdict = rateLimit.take(config().rateLimitPerSecond());
        if (!verdict.allowed()) {
            return drain(request).thenReturn(withRateHeaders(ApiErrors.rateLimited(verdict.resetAt()), verdict));
        }
        // Duffel accepts a trailing slash, and the official client sends one.
        String path = uri.path().length() > 1 && uri.path().endsWith("/")
                ? uri.path().substring(0, uri.path().length() - 1)
                : uri.path();
        HttpMethod method = request.method();
        SimulatorConfig.Latencies latency = config().latency();
        if (method.equals(HttpMethod.POST) && path.equals("/air/offer_requests")) {
            int maxConnections = queryInt(uri, "max_connections", 1);
            return withBody(request, data -> duffel.search(data, maxConnections), latency.search(), verdict);
        }
        if (method.equals(HttpMethod.POST) && path.equals("/air/orders")) {
            return withBody(request, data -> duffel.createOrder(data, webhooks), latency.createOrder(), verdict);
        }
        if (method.equals(HttpMethod.GET) && path.startsWith("/air/offers/")) {
            return later(latency.getOffer(), () -> duffel.getOffer(path.substring("/air/offers/".length())), verdict);
        }
        if (method.equals(HttpMethod.GET) && path.startsWith("/air/orders/")) {
            return later(latency.orders(), () -> duffel.getOrder(path.substring("/air/orders/".length())), verdict);
        }
        if (method.equals(HttpMethod.GET) && path.equals("/air/orders")) {
            Map<String, List<String>> query = uri.parameters();
            List<String> names =
                    query.getOrDefault("passenger_name[]", query.getOrDefault("passenger_name", List.of()));
            Boolean awaiting =
                    query.containsKey("awaiting_payment") ? Boolean.valueOf(first(query, "awaiting_payment")) : null;
            return later(
                    latency.orders(),
                    () -> duffel.listOrders(
                            names,
                            first(query, "booking_reference"),
                            awaiting,
                            first(query, "after"),
                            first(query, "before"),
                            first(query, "limit")),
                    verdict);
        }
        return drain(request).thenReturn(withRateHeaders(ApiErrors.notFound("resource"), verdict));
    }

    /** Reads and checks the {@code {"data": ...}} envelope, then answers after the latency. */
    private Mono<Answer> withBody(
            HttpServerRequest request,
            java.util.function.Function<JsonNode, Answer> action,
            SimulatorConfig.Latency latency,
            RateLimitWindow.Verdict verdict) {
        return request.receive().aggregate().asString().defaultIfEmpty("").flatMap(raw -> {
            JsonNode body;
            try {
                body = raw.isBlank() ? null : json.readTree(raw);
            } catch (JacksonException e) {
                return Mono.just(withRateHeaders(
                        ApiErrors.error(
                                400,
                                "invalid_request_error",
                                "malformed_data_param",
                                "Malformed data parameter",
                                "The request body is not valid JSON"),
                        verdict));
            }
            if (body == null || !body.path("data").isObject()) {
                return Mono.just(withRateHeaders(
                        ApiErrors.error(
                                400,
                                "invalid_request_error",
                                "missing_data_param",
                                "Missing data parameter",
                                "The request body must be an object with a 'data' object"),
                        verdict));
            }
            return later(latency, () -> action.apply(body.get("data")), verdict);
        });
    }

    private Mono<Answer> later(
            SimulatorConfig.Latency latency,
            java.util.function.Supplier<Answer> action,
            RateLimitWindow.Verdict verdict) {
        Mono<Answer> answer = Mono.fromSupplier(() -> withRateHeaders(action.get(), verdict));
        Duration delay = draw(latency);
        return delay.isZero() ? answer : Mono.delay(delay).then(answer);
    }

    private static Duration draw(SimulatorConfig.Latency latency) {
        long min = latency.min().toMillis();
        long max = latency.max().toMillis();
        return Duration.ofMillis(max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    private static Answer withRateHeaders(Answer answer, RateLimitWindow.Verdict verdict) {
        Map<String, String> rate = Map.of(
                "ratelimit-limit", String.valueOf(verdict.limit()),
                "ratelimit-remaining", String.valueOf(verdict.remaining()),
                "ratelimit-reset", ApiErrors.httpDate(verdict.resetAt()));
        return switch (answer) {
            case Answer.Json plain -> {
                var headers = new java.util.HashMap<>(rate);
                headers.putAll(plain.headers());
                yield new Answer.Json(plain.status(), plain.body(), Map.copyOf(headers));
            }
            case Answer.Late late ->
                new Answer.Late((Answer.Json) withRateHeaders(late.answer(), verdict), late.after());
            case Answer.Reset reset -> reset;
        };
    }

    private Mono<Void> send(HttpServerResponse response, String requestId, Answer answer) {
        return switch (answer) {
            case Answer.Json plain -> {
                if (plain.body() instanceof ObjectNode body && body.path("meta").has("request_id")) {
                    ((ObjectNode) body.get("meta")).put("request_id", requestId);
                }
                response.status(plain.status())
                        .header("content-type", "application/json")
                        .header("x-request-id", requestId);
                plain.headers().forEach(response::header);
                yield response.sendString(Mono.just(json.writeValueAsString(plain.body())))
                        .then();
            }
            case Answer.Late late -> Mono.delay(late.after()).then(send(response, requestId, late.answer()));
            case Answer.Reset reset -> {
                response.withConnection(connection -> {
                    // SO_LINGER 0: the close sends a TCP reset rather than an orderly FIN.
                    connection.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                    connection.channel().close();
                });
                yield Mono.empty();
            }
        };
    }

    private static Mono<Void> drain(HttpServerRequest request) {
        return request.receive().then();
    }

    private static String requestId() {
        return Ids.next("").substring(4, 24);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }

    private static int queryInt(QueryStringDecoder uri, String name, int fallback) {
        try {
            String value = first(uri.parameters(), name);
            return value == null ? fallback : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
