package dev.flightpipeline.duffelsim;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Duffel's endpoints over HTTP: the header checks, the {@code {"data": ...}} envelope, the rate
 * limit, each endpoint's latency (a timer, never a sleeping thread), then {@link SimulatedDuffel}.
 */
final class DuffelApi {

    static final String VERSION = "v2";
    static final int MAX_BODY_BYTES = 1 << 20;

    private static final String OFFERS = "/air/offers/";
    private static final String ORDERS = "/air/orders";

    private final SimulatedDuffel duffel;
    private final JsonMapper json;
    private final RateLimitWindow rateLimit;
    private final OrderLatencies orderLatencies;

    DuffelApi(SimulatedDuffel duffel, JsonMapper json, RateLimitWindow rateLimit, OrderLatencies orderLatencies) {
        this.duffel = duffel;
        this.json = json;
        this.rateLimit = rateLimit;
        this.orderLatencies = orderLatencies;
    }

    Mono<Answer> handle(HttpServerRequest request, QueryStringDecoder uri) {
        SimulatorConfig config = duffel.config();
        HttpMethod method = request.method();
        Answer.Json refused = RequestRules.check(method, request.requestHeaders(), config);
        if (refused != null) {
            return drain(request).thenReturn(withRateHeaders(refused, rateLimit.peek(config.rateLimitPerSecond())));
        }
        RateLimitWindow.Verdict verdict = rateLimit.take(config.rateLimitPerSecond());
        if (!verdict.allowed()) {
            return drain(request).thenReturn(withRateHeaders(ApiErrors.rateLimited(verdict.resetAt()), verdict));
        }
        // Duffel accepts a trailing slash.
        String path = uri.path().length() > 1 && uri.path().endsWith("/")
                ? uri.path().substring(0, uri.path().length() - 1)
                : uri.path();
        SimulatorConfig.Latencies latency = config.latency();
        if (method.equals(HttpMethod.POST) && path.equals("/air/offer_requests")) {
            return withData(request, duffel::search, latency.search(), verdict, false);
        }
        if (method.equals(HttpMethod.POST) && path.equals(ORDERS)) {
            String traceparent = request.requestHeaders().get("traceparent");
            long receivedAt = System.nanoTime();
            return withData(
                    request,
                    data -> {
                        Answer answer = duffel.createOrder(data, traceparent);
                        orderLatencies.record(
                                data, receivedAt, answer instanceof Answer.Late late ? late.after() : Duration.ZERO);
                        return answer;
                    },
                    latency.createOrder(),
                    verdict,
                    true);
        }
        if (method.equals(HttpMethod.GET) && path.startsWith(OFFERS) && path.length() > OFFERS.length()) {
            String id = path.substring(OFFERS.length());
            return drain(request).then(later(latency.getOffer(), () -> duffel.getOffer(id), verdict));
        }
        if (method.equals(HttpMethod.GET) && path.startsWith(ORDERS + "/") && path.length() > ORDERS.length() + 1) {
            String id = path.substring(ORDERS.length() + 1);
            return drain(request).then(later(latency.orders(), () -> duffel.getOrder(id), verdict));
        }
        if (method.equals(HttpMethod.GET) && path.equals(ORDERS)) {
            Map<String, List<String>> query = uri.parameters();
            List<String> names =
                    query.getOrDefault("passenger_name[]", query.getOrDefault("passenger_name", List.of()));
            return drain(request)
                    .then(later(
                            latency.orders(),
                            () -> duffel.listOrders(
                                    names,
                                    first(query, "booking_reference"),
                                    first(query, "awaiting_payment"),
                                    first(query, "after"),
                                    first(query, "before"),
                                    first(query, "limit")),
                            verdict));
        }
        return drain(request).thenReturn(withRateHeaders(ApiErrors.notFound("resource"), verdict));
    }

    /**
     * Reads and checks the {@code {"data": {...}}} envelope, then answers after the latency.
     *
     * @param evenIfTheClientLeaves carry the action through when the client hangs up or times out
     *     after sending the whole request, as Duffel goes on with an order it has received (the
     *     client's timeout is the very case in which "the order may exist")
     */
    private Mono<Answer> withData(
            HttpServerRequest request,
            Function<JsonNode, Answer> action,
            SimulatorConfig.Latency latency,
            RateLimitWindow.Verdict verdict,
            boolean evenIfTheClientLeaves) {
        String length = request.requestHeaders().get("Content-Length");
        if (length != null && tooLong(length)) {
            return drain(request).thenReturn(withRateHeaders(ApiErrors.bodyTooLarge(MAX_BODY_BYTES), verdict));
        }
        return body(request)
                .flatMap(raw -> {
                    JsonNode body;
                    try {
                        body = raw.length == 0 ? null : json.readTree(raw);
                    } catch (JacksonException e) {
                        return Mono.just(withRateHeaders(ApiErrors.malformedData(), verdict));
                    }
                    if (body == null || !body.path("data").isObject()) {
                        return Mono.just(withRateHeaders(ApiErrors.missingData(), verdict));
                    }
                    Mono<Answer> answer = later(latency, () -> action.apply(body.get("data")), verdict);
                    return evenIfTheClientLeaves ? Mono.fromFuture(answer.toFuture(), true) : answer;
                })
                .onErrorResume(
                        BodyTooLarge.class,
                        e -> Mono.just(withRateHeaders(ApiErrors.bodyTooLarge(MAX_BODY_BYTES), verdict)));
    }

    private static boolean tooLong(String contentLength) {
        try {
            return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The whole body, refused past {@link #MAX_BODY_BYTES} however it is sent. */
    private static Mono<byte[]> body(HttpServerRequest request) {
        return request.receive()
                .reduceWith(ByteArrayOutputStream::new, (out, chunk) -> append(out, chunk))
                .map(ByteArrayOutputStream::toByteArray)
                .defaultIfEmpty(new byte[0]);
    }

    private static ByteArrayOutputStream append(ByteArrayOutputStream out, ByteBuf chunk) {
        if (out.size() + chunk.readableBytes() > MAX_BODY_BYTES) {
            throw new BodyTooLarge();
        }
        byte[] bytes = new byte[chunk.readableBytes()];
        chunk.readBytes(bytes);
        out.writeBytes(bytes);
        return out;
    }

    private static final class BodyTooLarge extends RuntimeException {
        BodyTooLarge() {
            super("request body over " + MAX_BODY_BYTES + " bytes", null, false, false);
        }
    }

    private static Mono<Answer> later(
            SimulatorConfig.Latency latency, Supplier<Answer> action, RateLimitWindow.Verdict verdict) {
        Mono<Answer> answer = Mono.fromSupplier(() -> withRateHeaders(action.get(), verdict));
        Duration delay = draw(latency);
        return delay.isZero() ? answer : Mono.delay(delay).then(answer);
    }

    static Duration draw(SimulatorConfig.Latency latency) {
        long min = latency.min().toMillis();
        long max = latency.max().toMillis();
        return Duration.ofMillis(max <= min ? min : ThreadLocalRandom.current().nextLong(min, max + 1));
    }

    private static Answer withRateHeaders(Answer answer, RateLimitWindow.Verdict verdict) {
        return switch (answer) {
            case Answer.Json plain -> {
                Map<String, String> headers = new HashMap<>();
                headers.put("ratelimit-limit", String.valueOf(verdict.limit()));
                headers.put("ratelimit-remaining", String.valueOf(verdict.remaining()));
                headers.put("ratelimit-reset", ApiErrors.httpDate(verdict.resetAt()));
                // The answer's own headers win: a 429 fault names its own reset time.
                headers.putAll(plain.headers());
                yield new Answer.Json(plain.status(), plain.body(), Map.copyOf(headers));
            }
            case Answer.Late late ->
                new Answer.Late((Answer.Json) withRateHeaders(late.answer(), verdict), late.after());
            case Answer.Reset reset -> reset;
        };
    }

    private static Mono<Void> drain(HttpServerRequest request) {
        return request.receive().then();
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.getFirst();
    }
}
