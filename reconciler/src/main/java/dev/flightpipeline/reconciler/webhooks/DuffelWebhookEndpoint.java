package dev.flightpipeline.reconciler.webhooks;

import dev.flightpipeline.booking.BookingLogContext;
import dev.flightpipeline.reconciler.webhooks.WebhookDeliveries.Applied;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * {@code POST /duffel/webhooks}: Duffel's webhook deliveries. The signature is checked over the raw
 * body bytes before anything is read from them.
 *
 * <ul>
 *   <li>200: applied, a repeat of a delivery already applied, or a type the reconciler does not handle.
 *   <li>400: signed correctly but not a readable event (Duffel's retry would not help).
 *   <li>401: signature missing, malformed, stale or wrong; nothing is recorded.
 *   <li>503: no secret is configured, so no delivery can be trusted; Duffel retries later.
 *   <li>500: applying it failed and nothing was recorded; Duffel retries.
 * </ul>
 *
 * Answers carry no stack trace and the logs no passenger data (ids, types and results only). Every
 * delivery is counted in {@code reconciler.webhook.deliveries}, by event type and result.
 */
public final class DuffelWebhookEndpoint {

    public static final String PATH = "/duffel/webhooks";
    public static final String SIGNATURE_HEADER = "X-Duffel-Signature";

    private static final Logger log = LoggerFactory.getLogger(DuffelWebhookEndpoint.class);
    private static final MediaType PROBLEM = MediaType.APPLICATION_PROBLEM_JSON;

    /** Null without a secret. */
    private final WebhookSignatureCheck signatures;

    private final WebhookDeliveries deliveries;
    private final MeterRegistry meters;
    private final Clock clock;

    public DuffelWebhookEndpoint(
            WebhookProperties settings, WebhookDeliveries deliveries, MeterRegistry meters, Clock clock) {
        this.signatures =
                settings.secret() == null ? null : new WebhookSignatureCheck(settings.secret(), settings.tolerance());
        this.deliveries = deliveries;
        this.meters = meters;
        this.clock = clock;
        if (signatures == null) {
            log.warn("reconciler.webhooks.secret is not set: every Duffel webhook delivery is refused with 503");
        }
    }

    public Mono<ServerResponse> receive(ServerRequest request) {
        if (signatures == null) {
            count(null, "not_configured");
            return problem(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "Webhooks not configured",
                    "this endpoint has no webhook secret, so it cannot check signatures; retry later");
        }
        String header = request.headers().firstHeader(SIGNATURE_HEADER);
        return request.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]).flatMap(body -> {
            if (signatures.check(header, body, clock.instant())
                    instanceof WebhookSignatureCheck.Verdict.Refused(String reason)) {
                log.warn("Refused a Duffel webhook delivery: {}", reason);
                count(null, "refused");
                return problem(HttpStatus.UNAUTHORIZED, "Bad signature", reason);
            }
            WebhookEvent event;
            try {
                event = WebhookEvent.parse(body);
            } catch (WebhookEvent.Unreadable e) {
                log.warn("Refused a signed Duffel webhook delivery: {}", e.getMessage());
                count(null, "unreadable");
                return problem(HttpStatus.BAD_REQUEST, "Unreadable event", e.getMessage());
            }
            return Mono.fromCallable(() -> deliveries.apply(event))
                    .subscribeOn(Schedulers.boundedElastic())
                    .flatMap(applied -> {
                        String result = result(applied);
                        log.info("Duffel webhook event {} ({}): {}", event.id(), event.type(), result);
                        count(event, result);
                        Map<String, String> answer = new LinkedHashMap<>();
                        answer.put("event_id", event.id());
                        answer.put("result", result);
                        return ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(answer);
                    })
                    .onErrorResume(e -> {
                        log.warn(
                                "Applying Duffel webhook event {} ({}) failed; nothing was recorded and Duffel's"
                                        + " retry applies it again",
                                event.id(),
                                event.type(),
                                e);
                        count(event, "not_applied");
                        return problem(
                                HttpStatus.INTERNAL_SERVER_ERROR,
                                "Not applied",
                                "the event could not be applied now; it was not recorded, retry it");
                    })
                    .contextWrite(logContext(event));
        });
    }

    /**
     * For an event that names one of our bookings, its {@code booking_id} in every log line written
     * while it is applied, as the sweep's and the booker's lines carry it; nothing otherwise.
     */
    private static Context logContext(WebhookEvent event) {
        return event.bookingId()
                .map(bookingId -> Context.of(BookingLogContext.of(bookingId)))
                .orElse(Context.empty());
    }

    private static String result(Applied applied) {
        return switch (applied) {
            case Applied.Repeated repeated -> "repeated";
            case Applied.Confirmed confirmed -> "confirmed";
            case Applied.Failed failed -> "failed";
            case Applied.Orphan orphan -> "orphan_order";
            case Applied.NothingToDo nothing -> "nothing_to_do";
        };
    }

    private void count(WebhookEvent event, String result) {
        String type = switch (event) {
            case null -> "unknown";
            case WebhookEvent.Other other -> "other";
            default -> event.type();
        };
        Counter.builder("reconciler.webhook.deliveries")
                .description("Duffel webhook deliveries, by event type and what was done with them")
                .tag("type", type)
                .tag("result", result)
                .register(meters)
                .increment();
    }

    /** Every error answer of the endpoint: an RFC 9457 problem. */
    private static Mono<ServerResponse> problem(HttpStatus status, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        return ServerResponse.status(status).contentType(PROBLEM).bodyValue(body);
    }
}
