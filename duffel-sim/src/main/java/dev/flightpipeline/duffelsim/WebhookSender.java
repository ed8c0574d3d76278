package dev.flightpipeline.duffelsim;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Announces what happened after a 202: after the configured delay the order is stored (or the
 * offer released) and a signed event is posted to the webhook URL, retried with backoff until a 2xx,
 * and sometimes delivered twice, as Duffel's at-least-once delivery may.
 */
final class WebhookSender implements SimulatedDuffel.Announcements {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final Supplier<SimulatorConfig.Webhooks> settings;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.create().responseTimeout(Duration.ofSeconds(10));
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    WebhookSender(Supplier<SimulatorConfig.Webhooks> settings, JsonMapper json, Clock clock) {
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void orderCreatedLater(ObjectNode order, Runnable store) {
        SimulatorConfig.Webhooks webhooks = settings.get();
        Mono.delay(webhooks.delay())
                .doOnNext(tick -> store.run())
                .then(Mono.defer(
                        () -> deliver(event("order.created", order.get("id").asString(), order))))
                .subscribe();
    }

    @Override
    public void orderCreationFailed(String offerId, Map<String, String> metadata, Runnable release) {
        SimulatorConfig.Webhooks webhooks = settings.get();
        ObjectNode failure = json.createObjectNode();
        failure.putArray("selected_offers").add(offerId);
        ObjectNode metadataNode = failure.putObject("metadata");
        metadata.forEach(metadataNode::put);
        ObjectNode error = failure.putObject("error");
        error.put("type", "airline_error");
        error.put("code", "order_not_created");
        error.put("message", "The airline did not create the order");
        Mono.delay(webhooks.delay())
                .doOnNext(tick -> release.run())
                .then(Mono.defer(() -> deliver(event("order.creation_failed", offerId, failure))))
                .subscribe();
    }

    private ObjectNode event(String type, String idempotencyKey, ObjectNode object) {
        ObjectNode event = json.createObjectNode();
        event.put("id", Ids.next("wev_"));
        event.put("type", type);
        event.put("idempotency_key", idempotencyKey);
        event.put("created_at", clock.instant().toString());
        event.put("live_mode", false);
        event.put("api_version", "v2");
        event.putObject("data").set("object", object);
        return event;
    }

    private Mono<Void> deliver(ObjectNode event) {
        SimulatorConfig.Webhooks webhooks = settings.get();
        if (webhooks.url() == null || webhooks.url().isBlank()) {
            return Mono.empty();
        }
        String body = json.writeValueAsString(event);
        Mono<Void> once = Mono.defer(() -> post(webhooks, body));
        Mono<Void> delivery = once.retryWhen(
                        Retry.backoff(Math.max(0, webhooks.maxAttempts() - 1), Duration.ofMillis(200))
                                .maxBackoff(Duration.ofSeconds(10)))
                .doOnError(e -> {
                    failures.incrementAndGet();
                    log.warn(
                            "Webhook {} not delivered after {} attempts",
                            event.get("id").asString(),
                            webhooks.maxAttempts());
                })
                .onErrorComplete();
        boolean twice = ThreadLocalRandom.current().nextDouble() < webhooks.duplicateShare();
        return twice ? delivery.then(delivery) : delivery;
    }

    private Mono<Void> post(SimulatorConfig.Webhooks webhooks, String body) {
        String signature =
                WebhookSignature.header(webhooks.secret(), clock.instant().getEpochSecond(), body);
        return http.headers(headers ->
                        headers.set("Content-Type", "application/json").set("X-Duffel-Signature", signature))
                .post()
                .uri(webhooks.url())
                .send(reactor.netty.ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> {
                    if (response.status().code() / 100 == 2) {
                        sent.incrementAndGet();
                        return Mono.<Void>empty();
                    }
                    return Mono.error(new IllegalStateException(
                            "webhook answered " + response.status().code()));
                });
    }

    long sent() {
        return sent.get();
    }

    long failures() {
        return failures.get();
    }

    void reset() {
        sent.set(0);
        failures.set(0);
    }
}
