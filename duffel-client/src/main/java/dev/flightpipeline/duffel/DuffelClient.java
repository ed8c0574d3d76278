package dev.flightpipeline.duffel;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffel.Offers.OfferRequest;
import dev.flightpipeline.duffel.Offers.OfferRequestCommand;
import dev.flightpipeline.duffel.OrderCreationOutcome.Created;
import dev.flightpipeline.duffel.OrderCreationOutcome.RetryLater;
import dev.flightpipeline.duffel.OrderCreationOutcome.Unknown;
import dev.flightpipeline.duffel.Orders.CreateOrderCommand;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.duffel.Orders.OrderListQuery;
import dev.flightpipeline.duffel.Orders.OrderPage;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.ChannelOption;
import java.net.ConnectException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.util.UriBuilder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * A non-blocking client of the Duffel API: every header Duffel expects, the {@code {"data": ...}}
 * envelope, typed answers, and order creation that never fails but answers with an
 * {@link OrderCreationOutcome}. One instance holds one connection pool: share it, close it at the end.
 */
public final class DuffelClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DuffelClient.class);
    static final String API_VERSION = "v2";

    private final DuffelClientSettings settings;
    private final ConnectionProvider pool;
    private final WebClient web;
    private final JsonMapper json;
    private final Clock clock;
    private volatile DuffelCallObserver observer = DuffelCallObserver.NONE;

    private DuffelClient(DuffelClientSettings settings, ObservationRegistry observations, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.json = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
        // Reactor Netty's default pool is tiny: size it to the calls meant to be in flight.
        this.pool = ConnectionProvider.builder("duffel")
                .maxConnections(settings.maxConnections())
                .pendingAcquireMaxCount(-1)
                .pendingAcquireTimeout(settings.orderCreationTimeout())
                .maxIdleTime(Duration.ofSeconds(50))
                .build();
        HttpClient http = HttpClient.create(pool).compress(true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)
                settings.connectTimeout().toMillis());
        this.web = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(http))
                .observationRegistry(observations)
                .baseUrl(settings.baseUrl().toString())
                .defaultHeaders(headers -> {
                    headers.setBearerAuth(settings.accessToken());
                    headers.set("Duffel-Version", API_VERSION);
                    headers.setAccept(List.of(MediaType.APPLICATION_JSON));
                })
                .build();
    }

    public static DuffelClient create(DuffelClientSettings settings) {
        return create(settings, ObservationRegistry.NOOP);
    }

    /**
     * A client whose calls are observed: with tracing, each call is a span of the current trace and
     * carries it to Duffel (W3C {@code traceparent}).
     */
    public static DuffelClient create(DuffelClientSettings settings, ObservationRegistry observations) {
        return new DuffelClient(settings, observations, Clock.systemUTC());
    }

    /** From now on, every call is reported to {@code observer} (for metrics). */
    public void observeCalls(DuffelCallObserver observer) {
        this.observer = observer == null ? DuffelCallObserver.NONE : observer;
    }

    public DuffelClientSettings settings() {
        return settings;
    }

    /** {@code POST /air/offer_requests?return_offers=true}: offers for the journeys and passengers. */
    public Mono<OfferRequest> searchOffers(OfferRequestCommand command) {
        return call(
                        HttpMethod.POST,
                        "/air/offer_requests",
                        uri -> uri.path("/air/offer_requests")
                                .queryParam("return_offers", "true")
                                .build(),
                        command,
                        settings.searchTimeout())
                .map(answer -> answer.data(OfferRequest.class));
    }

    /** {@code GET /air/offers/{id}}: the offer's latest price and availability. */
    public Mono<Offer> getOffer(String offerId) {
        return call(
                        HttpMethod.GET,
                        "/air/offers/{id}",
                        uri -> uri.path("/air/offers/{id}").build(offerId),
                        null,
                        settings.defaultTimeout())
                .map(answer -> answer.data(Offer.class));
    }

    /** {@code GET /air/orders/{id}}. */
    public Mono<Order> getOrder(String orderId) {
        return call(
                        HttpMethod.GET,
                        "/air/orders/{id}",
                        uri -> uri.path("/air/orders/{id}").build(orderId),
                        null,
                        settings.defaultTimeout())
                .map(answer -> answer.data(Order.class));
    }

    /** {@code GET /air/orders}: one page, newest first. */
    public Mono<OrderPage> listOrders(OrderListQuery query) {
        return call(HttpMethod.GET, "/air/orders", uri -> listUri(uri, query), null, settings.defaultTimeout())
                .map(answer -> {
                    JsonNode body = answer.body();
                    List<Order> orders = new ArrayList<>();
                    body.path("data").forEach(order -> orders.add(json.treeToValue(order, Order.class)));
                    JsonNode meta = body.path("meta");
                    return new OrderPage(
                            orders,
                            meta.path("after").asString(null),
                            meta.path("before").asString(null),
                            meta.path("limit").asInt(query.limit()));
                });
    }

    /** Every order matching the query, newest first, following the {@code after} cursors. */
    public Flux<Order> listAllOrders(OrderListQuery query) {
        return listOrders(query)
                .expand(page -> page.after() == null ? Mono.empty() : listOrders(query.after(page.after())))
                .concatMapIterable(OrderPage::orders);
    }

    private URI listUri(UriBuilder uri, OrderListQuery query) {
        uri.path("/air/orders").queryParam("limit", query.limit());
        Map<String, Object> values = new HashMap<>();
        for (int i = 0; i < query.passengerNames().size(); i++) {
            uri.queryParam("passenger_name[]", "{name" + i + "}");
            values.put("name" + i, query.passengerNames().get(i));
        }
        optionalParam(uri, values, "booking_reference", query.bookingReference());
        optionalParam(uri, values, "awaiting_payment", query.awaitingPayment());
        optionalParam(uri, values, "after", query.after());
        optionalParam(uri, values, "before", query.before());
        return uri.build(values);
    }

    private static void optionalParam(UriBuilder uri, Map<String, Object> values, String name, Object value) {
        if (value != null) {
            uri.queryParam(name, "{" + name + "}");
            values.put(name, value);
        }
    }

    /**
     * {@code POST /air/orders} as an instant order paid from the Duffel balance. Never fails: every
     * answer, timeout and connection failure is one {@link OrderCreationOutcome}. Never retried here.
     */
    public Mono<OrderCreationOutcome> createOrder(CreateOrderCommand command) {
        Map<String, Object> order = new LinkedHashMap<>();
        order.put("type", "instant");
        order.put("selected_offers", List.of(command.offerId()));
        order.put("passengers", command.passengers());
        order.put(
                "payments",
                List.of(Map.of(
                        "type",
                        "balance",
                        "amount",
                        command.amount().toPlainString(),
                        "currency",
                        command.currency())));
        order.put("metadata", command.metadata());
        return exchange(
                        HttpMethod.POST,
                        "/air/orders",
                        uri -> uri.path("/air/orders").build(),
                        order,
                        settings.orderCreationTimeout())
                .map(this::orderCreationOutcome)
                .onErrorResume(failure -> Mono.just(orderCreationOutcome(failure)));
    }

    private OrderCreationOutcome orderCreationOutcome(RawAnswer answer) {
        if (answer.status() == 201) {
            try {
                return new Created(answer.data(Order.class), answer.requestId());
            } catch (RuntimeException unreadable) {
                return new Unknown("Duffel answered 201 with a body that could not be read", answer.requestId());
            }
        }
        return OrderCreationAnswers.classify(
                answer.status(),
                answer.errors(),
                answer.rateLimit(),
                answer.retryAfter(),
                answer.requestId(),
                clock.instant());
    }

    private static OrderCreationOutcome orderCreationOutcome(Throwable failure) {
        if (failure instanceof RequestNotSentException notSent) {
            return new RetryLater(0, Optional.empty(), notSentCause(notSent.getCause()), Optional.empty());
        }
        if (failure instanceof TimeoutException) {
            return new Unknown("no answer within the order creation timeout", Optional.empty());
        }
        return new Unknown("the connection failed: " + failure.getClass().getSimpleName(), Optional.empty());
    }

    private static String notSentCause(Throwable failure) {
        if (failure instanceof WebClientRequestException request && request.getCause() instanceof ConnectException) {
            return "could not connect to Duffel: " + request.getCause().getMessage();
        }
        return failure instanceof TimeoutException
                ? "the order creation timeout passed before a connection to Duffel was ready; nothing was sent"
                : "the call failed before the order was sent: "
                        + failure.getClass().getSimpleName();
    }

    /** A call whose 2xx answer is read; any other status is a {@link DuffelApiException}. */
    private Mono<RawAnswer> call(
            HttpMethod method, String route, Function<UriBuilder, URI> uri, Object data, Duration timeout) {
        return exchange(method, route, uri, data, timeout)
                .flatMap(answer -> answer.status() / 100 == 2 ? Mono.just(answer) : Mono.error(answer.failure()))
                .onErrorMap(
                        failure -> !(failure instanceof DuffelApiException),
                        failure -> new DuffelUnreachableException(
                                (failure instanceof RequestNotSentException
                                                ? "never sent to Duffel: "
                                                : "no answer from Duffel: ")
                                        + method + " " + route + ": " + describe(failure),
                                failure));
    }

    private Mono<RawAnswer> exchange(
            HttpMethod method, String route, Function<UriBuilder, URI> uri, Object data, Duration timeout) {
        String body = data == null ? null : json.writeValueAsString(Map.of("data", data));
        return Mono.defer(() -> {
            long startedAt = System.nanoTime();
            SendGate gate = new SendGate();
            WebClient.RequestBodySpec request = web.method(method).uri(uri);
            WebClient.RequestHeadersSpec<?> ready = body == null
                    ? request
                    : request.contentType(MediaType.APPLICATION_JSON).body(gate.body(body), String.class);
            return ready.exchangeToMono(response -> response.bodyToMono(String.class)
                            .defaultIfEmpty("")
                            .map(text -> new RawAnswer(
                                    response.statusCode().value(),
                                    response.headers().asHttpHeaders(),
                                    text)))
                    .timeout(timeout)
                    .onErrorMap(failure -> body != null && gate.abandonUnsent(), RequestNotSentException::new)
                    .doOnEach(signal -> {
                        if (signal.isOnNext()) {
                            RawAnswer answer = signal.get();
                            if (logsAnswer(answer)) {
                                ReactiveLogContext.run(
                                        signal.getContextView(), () -> logAnswer(method, route, answer, startedAt));
                            }
                            observer.answered(method.name(), route, answer.status(), since(startedAt));
                        } else if (signal.isOnError()) {
                            Throwable failure = signal.getThrowable();
                            ReactiveLogContext.run(
                                    signal.getContextView(),
                                    () -> log.warn(
                                            failure instanceof RequestNotSentException
                                                    ? "Duffel {} {} was never sent (Duffel did not see it): {} after {} ms"
                                                    : "Duffel {} {} got no answer: {} after {} ms",
                                            method,
                                            route,
                                            describe(failure),
                                            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt)));
                            observer.unanswered(method.name(), route, cause(failure), since(startedAt));
                        }
                    });
        });
    }

    /**
     * Every attempt's request id is logged, as Duffel asks; successes at DEBUG, because at thousands
     * of bookings a minute they would drown the answers an operator needs to see.
     */
    private static boolean logsAnswer(RawAnswer answer) {
        return answer.status() < 300 ? log.isDebugEnabled() : log.isInfoEnabled();
    }

    /** Only called when {@link #logsAnswer} is true: restoring the log context costs on every call. */
    private static void logAnswer(HttpMethod method, String route, RawAnswer answer, long startedAt) {
        String line = "Duffel {} {} answered {} in {} ms (request id {})";
        Object[] values = {
            method,
            route,
            answer.status(),
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt),
            answer.requestId().orElse("none")
        };
        if (answer.status() < 300) {
            log.debug(line, values);
        } else {
            log.info(line, values);
        }
    }

    private static Duration since(long startedAt) {
        return Duration.ofNanos(System.nanoTime() - startedAt);
    }

    /** For the log: what happened. */
    private static String describe(Throwable failure) {
        return failure instanceof RequestNotSentException notSent ? cause(notSent.getCause()) : cause(failure);
    }

    /** For metrics: a short name of the failure. */
    private static String cause(Throwable failure) {
        if (failure instanceof RequestNotSentException) {
            return "not_sent";
        }
        return failure instanceof TimeoutException
                ? "timed out"
                : failure.getClass().getSimpleName();
    }

    @Override
    public void close() {
        pool.disposeLater().block(Duration.ofSeconds(10));
    }

    /** Duffel's envelope of a successful answer; its other members ({@code meta}) are read elsewhere. */
    record DataEnvelope<T>(T data) {}

    /** One HTTP answer, read lazily. */
    private final class RawAnswer {
        private final int status;
        private final HttpHeaders headers;
        private final String text;
        private JsonNode body;

        RawAnswer(int status, HttpHeaders headers, String text) {
            this.status = status;
            this.headers = headers;
            this.text = text;
        }

        int status() {
            return status;
        }

        Optional<String> requestId() {
            return Optional.ofNullable(headers.getFirst("x-request-id"));
        }

        Optional<RateLimit> rateLimit() {
            return RateLimit.from(headers);
        }

        Optional<Duration> retryAfter() {
            String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
            if (value == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
            } catch (NumberFormatException notSeconds) {
                Instant at = RateLimit.instant(value);
                return at == null ? Optional.empty() : Optional.of(Duration.between(Instant.now(), at));
            }
        }

        JsonNode body() {
            if (body == null) {
                try {
                    body = text.isBlank() ? json.createObjectNode() : json.readTree(text);
                } catch (JacksonException e) {
                    throw new DuffelApiException(
                            status, List.of(unreadable()), requestId().orElse(null), rateLimit());
                }
            }
            return body;
        }

        /**
         * The envelope's {@code data} object as {@code type}, read straight from the text: building
         * the whole answer as a tree first, then the type from it, allocated half as much again. An
         * answer whose data is missing or does not fit the type, in any part, is a {@link
         * DuffelApiException} saying so ({@code unreadable_response}, with the answer's status).
         */
        <T> T data(Class<T> type) {
            DataEnvelope<T> envelope;
            try {
                envelope =
                        json.readValue(text, json.getTypeFactory().constructParametricType(DataEnvelope.class, type));
            } catch (JacksonException unreadable) {
                envelope = null;
            }
            if (envelope == null || envelope.data() == null) {
                throw new DuffelApiException(
                        status, List.of(unreadable()), requestId().orElse(null), rateLimit());
            }
            return envelope.data();
        }

        List<DuffelError> errors() {
            List<DuffelError> errors = new ArrayList<>();
            try {
                body().path("errors").forEach(error -> errors.add(json.treeToValue(error, DuffelError.class)));
            } catch (RuntimeException unreadable) {
                // An error answer whose body is not Duffel's envelope: the status still tells.
            }
            return errors;
        }

        DuffelApiException failure() {
            return new DuffelApiException(status, errors(), requestId().orElse(null), rateLimit());
        }

        private DuffelError unreadable() {
            return new DuffelError(
                    "api_error",
                    "unreadable_response",
                    "Unreadable response",
                    "Duffel's answer could not be read",
                    null,
                    null);
        }
    }
}
