package dev.flightpipeline.reconciler.webhooks;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.duffel.Offers.Offer;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.WebhookSignature;
import dev.flightpipeline.reconciler.ReconcilerTestbed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One reconciler with its webhook endpoint (and a sweep that, once started, only runs when a test
 * asks), on the real broker, its own database and its own simulator, which signs its webhooks with
 * the reconciler's secret. Bookings are set up as the booker leaves them.
 */
final class WebhookTestbed extends ReconcilerTestbed {

    static final String SECRET = "whsec_reconciler_tests";

    final ConfigurableApplicationContext reconciler;
    final URI webhookUrl;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    WebhookTestbed() {
        // One sweep at start, then none unless a test runs one: a booking confirms by the webhook alone.
        reconciler = startReconciler(Map.of(
                "reconciler.sweep-interval", "1h",
                "reconciler.webhooks.secret", SECRET,
                "reconciler.webhooks.tolerance", "5m"));
        webhookUrl = URI.create("http://localhost:"
                + reconciler.getEnvironment().getProperty("local.server.port") + DuffelWebhookEndpoint.PATH);
        // Only orders answered with a 202 are announced: the tests deliver the others by hand.
        SimulatorConfig config = simulator.config();
        simulator.updateConfig(config.withWebhooks(config.webhooks()
                .to(webhookUrl.toString(), SECRET)
                .withDelay(Duration.ofSeconds(1))
                .withAnnounceEveryOrder(false)));
    }

    Booking booking(UUID bookingId) {
        return bookings().find(bookingId).orElseThrow();
    }

    /** A booking left UNKNOWN by the booker, for an offer of its own; the offer is returned. */
    Offer unknownBooking(UUID bookingId, String familyName) {
        Offer offer = offer();
        submit(bookingId, offer, familyName);
        booker.markUnknown(bookingId, "duffel_no_answer", "no answer in 130 s", null);
        return offer;
    }

    /** Records the request and submits it, as the booker does just before its Duffel call. */
    void submit(UUID bookingId, Offer offer, String familyName) {
        submit(request(bookingId, offer, familyName), offer.expiresAt());
    }

    /** The order as Duffel's API returns it, raw: what an {@code order.created} event carries. */
    JsonNode rawOrder(String orderId) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/air/orders/" + orderId))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Duffel-Version", "v2")
                .header("Accept", "application/json")
                .GET()
                .build();
        return json.readTree(send(request).body()).get("data");
    }

    String orderCreatedEvent(String eventId, JsonNode order) {
        ObjectNode event = event(eventId, "order.created");
        event.putObject("data").set("object", order);
        return json.writeValueAsString(event);
    }

    String orderCreationFailedEvent(String eventId, String orderId, UUID bookingId) {
        ObjectNode event = event(eventId, "order.creation_failed");
        ObjectNode object = event.putObject("data").putObject("object");
        object.put("id", orderId);
        object.putObject("metadata").put("booking_id", bookingId.toString());
        object.putObject("error")
                .put("type", "airline_error")
                .put("code", "order_not_created")
                .put("message", "The airline did not create the order; no payment was taken");
        return json.writeValueAsString(event);
    }

    private ObjectNode event(String eventId, String type) {
        ObjectNode event = json.createObjectNode();
        event.put("id", eventId);
        event.put("type", type);
        event.put("idempotency_key", "ord_" + eventId);
        event.put("created_at", Instant.now().toString());
        event.put("live_mode", false);
        return event;
    }

    /** Posts the body signed now with the reconciler's secret. */
    HttpResponse<String> deliver(String body) {
        return deliver(body, WebhookSignature.header(SECRET, Instant.now().getEpochSecond(), body));
    }

    /** Posts the body with this signature header (none if null). */
    HttpResponse<String> deliver(String body, String signature) {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhookUrl)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header(DuffelWebhookEndpoint.SIGNATURE_HEADER, signature);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String eventId() {
        return "wev_" + UUID.randomUUID().toString().replace("-", "");
    }

    int deliveriesRecorded(String eventId) {
        return jdbc.sql("select count(*) from webhook_delivery where event_id = ?")
                .param(eventId)
                .query(Integer.class)
                .single();
    }

    /** The {@code orphan_order} ops events reporting this Duffel order, as JSON payloads. */
    int outboxRows() {
        return jdbc.sql("select count(*) from outbox_event")
                .query(Integer.class)
                .single();
    }
}
