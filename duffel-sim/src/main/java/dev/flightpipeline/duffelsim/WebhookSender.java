package dev.flightpipeline.duffelsim;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Posts Duffel webhook events to the configured URL, signed as Duffel signs them, retried with
 * backoff until a 2xx or the last attempt, and now and then delivered twice, as Duffel's
 * at-least-once delivery may.
 */
final class WebhookSender implements SimulatedDuffel.Announcements {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final Supplier<SimulatorConfig.Webhooks> settings;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    WebhookSender(Supplier<SimulatorConfig.Webhooks> settings, JsonMapper json, Clock clock, HttpClient http) {
        this.http = http.responseTimeout(Duration.ofSeconds(10));
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void announce(String eventType, String idempotencyKey, ObjectNode object) {
        SimulatorConfig.Webhooks webhooks = settings.get();
        if (webhooks.url() == null) {
            return;
        }
        ObjectNode event = json.createObjectNode();
        event.put("id", Ids.next("wev_"));
        event.put("type", eventType);
        event.put("idempotency_key", idempotencyKey);
        event.put("created_at", clock.instant().toString());
        event.put("live_mode", false);
        event.put("api_version", DuffelApi.VERSION);
        event.put("identity_organisation_id", "org_0000SimulatedDuffel0000");
        event.putObject("data").set("object", object);
        String body = json.writeValueAsString(event);
        String eventId = event.get("id").asString();
        boolean twice = ThreadLocalRandom.current().nextDouble() < webhooks.duplicateShare();
        Mono<Void> delivery = deliver(webhooks, eventId, body);
        (twice ? delivery.then(delivery) : delivery).subscribe();
    }

    private Mono<Void> deliver(SimulatorConfig.Webhooks webhooks, String eventId, String body) {
        return Mono.defer(() -> post(webhooks, body))
                .retryWhen(Retry.backoff(webhooks.maxAttempts() - 1L, webhooks.firstRetryAfter())
                        .maxBackoff(MAX_BACKOFF))
                .doOnError(e -> {
                    failures.incrementAndGet();
                    log.warn(
                            "Webhook event {} not delivered after {} attempts: {}",
                            eventId,
                            webhooks.maxAttempts(),
                            rootMessage(e));
                })
                .onErrorComplete();
    }

    private Mono<Void> post(SimulatorConfig.Webhooks webhooks, String body) {
        // Signed per attempt: a receiver rejects stale timestamps.
        String signature =
                WebhookSignature.header(webhooks.secret(), clock.instant().getEpochSecond(), body);
        return http.headers(headers ->
                        headers.set("Content-Type", "application/json").set("X-Duffel-Signature", signature))
                .post()
                .uri(webhooks.url())
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> {
                    int status = response.status().code();
                    if (status / 100 == 2) {
                        sent.incrementAndGet();
                        return Mono.<Void>empty();
                    }
                    return Mono.error(new IllegalStateException("the receiver answered " + status));
                });
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage();
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
