package dev.flightpipeline.reconciler.webhooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flightpipeline.duffel.Orders.Order;
import dev.flightpipeline.reconciler.OrderMetadata;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Duffel webhook event as far as the reconciler reads it: its id (the deduplication key), its type
 * and what it is about.
 */
sealed interface WebhookEvent {

    String ORDER_CREATED = "order.created";
    String ORDER_CREATION_FAILED = "order.creation_failed";

    String id();

    String type();

    /** The booking the event names in {@code metadata.booking_id}, if it names one that is a UUID. */
    Optional<UUID> bookingId();

    /** {@code order.created}: the order, as Duffel's order endpoints return it. */
    record OrderCreated(String id, Order order) implements WebhookEvent {
        @Override
        public String type() {
            return ORDER_CREATED;
        }

        @Override
        public Optional<UUID> bookingId() {
            return OrderMetadata.bookingId(order.metadata());
        }
    }

    /** {@code order.creation_failed}: after a 202, Duffel could not create the order. */
    record OrderCreationFailed(String id, String orderId, Map<String, String> metadata, String errorMessage)
            implements WebhookEvent {
        @Override
        public String type() {
            return ORDER_CREATION_FAILED;
        }

        @Override
        public Optional<UUID> bookingId() {
            return OrderMetadata.bookingId(metadata);
        }
    }

    /** Any other type: recorded, not acted on. */
    record Other(String id, String type) implements WebhookEvent {
        @Override
        public Optional<UUID> bookingId() {
            return Optional.empty();
        }
    }

    /** The body could not be read as a webhook event. */
    final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .build();

    /**
     * @throws Unreadable not JSON, no id or type, or an {@code order.created} without a readable order
     */
    static WebhookEvent parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new Unreadable("the body is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new Unreadable("the body is not a JSON object");
        }
        String id = text(root.path("id"));
        String type = text(root.path("type"));
        if (id == null || type == null) {
            throw new Unreadable("the event has no id or type");
        }
        JsonNode object = root.path("data").path("object");
        return switch (type) {
            case ORDER_CREATED -> {
                Order order;
                try {
                    order = object.isObject() ? JSON.treeToValue(object, Order.class) : null;
                } catch (JacksonException e) {
                    throw new Unreadable("data.object is not an order");
                }
                if (order == null || order.id() == null) {
                    throw new Unreadable("data.object is not an order");
                }
                yield new OrderCreated(id, order);
            }
            case ORDER_CREATION_FAILED -> {
                Map<String, String> metadata = new HashMap<>();
                object.path("metadata").properties().forEach(field -> {
                    String value = text(field.getValue());
                    if (value != null) {
                        metadata.put(field.getKey(), value);
                    }
                });
                yield new OrderCreationFailed(
                        id,
                        text(object.path("id")),
                        Map.copyOf(metadata),
                        text(object.path("error").path("message")));
            }
            default -> new Other(id, type);
        };
    }

    private static String text(JsonNode node) {
        return node != null && node.isString() && !node.asString().isBlank() ? node.asString() : null;
    }
}
