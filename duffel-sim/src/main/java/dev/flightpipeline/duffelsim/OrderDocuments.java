package dev.flightpipeline.duffelsim;

import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Orders, and what Duffel says about orders still being made, as the JSON Duffel returns. */
final class OrderDocuments {

    private final JsonMapper json;
    private final OfferCatalog catalog;

    OrderDocuments(JsonMapper json, OfferCatalog catalog) {
        this.json = json;
        this.catalog = catalog;
    }

    ObjectNode order(Order order) {
        ObjectNode offer = catalog.offer(order.offer().search(), order.offer().index());
        String createdAt = order.createdAt().toString();
        ObjectNode node = json.createObjectNode();
        node.put("id", order.id());
        node.put("booking_reference", order.bookingReference());
        node.put("created_at", createdAt);
        node.put("synced_at", createdAt);
        node.put("type", "instant");
        node.put("live_mode", false);
        node.put("content", "managed");
        for (String field : new String[] {
            "total_amount", "total_currency", "base_amount", "base_currency", "tax_amount", "tax_currency"
        }) {
            node.set(field, offer.get(field));
        }
        node.set("owner", offer.get("owner"));
        ArrayNode passengers = node.putArray("passengers");
        ArrayNode documents = node.putArray("documents");
        for (int i = 0; i < order.passengers().size(); i++) {
            Order.Passenger passenger = order.passengers().get(i);
            ObjectNode item = passengers.addObject();
            item.put("id", passenger.id());
            item.put("type", passenger.type());
            item.put("title", passenger.title());
            item.put("given_name", passenger.givenName());
            item.put("family_name", passenger.familyName());
            item.put("gender", passenger.gender());
            item.put("born_on", passenger.bornOn());
            item.put("email", passenger.email());
            item.put("phone_number", passenger.phoneNumber());
            item.putNull("infant_passenger_id");
            item.putArray("loyalty_programme_accounts");
            ObjectNode ticket = documents.addObject();
            ticket.put("type", "electronic_ticket");
            ticket.put("unique_identifier", order.ticketNumbers().get(i));
            ticket.putArray("passenger_ids").add(passenger.id());
        }
        node.set("slices", offer.get("slices"));
        node.set("metadata", metadata(order.metadata()));
        ObjectNode paymentStatus = node.putObject("payment_status");
        paymentStatus.put("awaiting_payment", false);
        paymentStatus.putNull("payment_required_by");
        paymentStatus.putNull("price_guarantee_expires_at");
        paymentStatus.put("paid_at", createdAt);
        node.putNull("cancelled_at");
        node.putNull("cancellation");
        node.putArray("changes");
        node.putArray("services");
        node.putObject("conditions");
        return node;
    }

    /** The body of a 202: the order's id is known, the rest is still with the airline. */
    ObjectNode accepted(String orderId, Map<String, String> metadata) {
        ObjectNode node = json.createObjectNode();
        node.put("id", orderId);
        node.put("type", "instant");
        node.put("live_mode", false);
        node.set("metadata", metadata(metadata));
        return node;
    }

    /** What an {@code order.creation_failed} event carries: the pending order, its offer and why. */
    ObjectNode creationFailure(String orderId, String offerId, Map<String, String> metadata) {
        ObjectNode node = json.createObjectNode();
        node.put("id", orderId);
        node.putArray("selected_offers").add(offerId);
        node.set("metadata", metadata(metadata));
        ObjectNode error = node.putObject("error");
        error.put("type", "airline_error");
        error.put("code", "order_not_created");
        error.put("message", "The airline did not create the order; no payment was taken");
        return node;
    }

    private ObjectNode metadata(Map<String, String> metadata) {
        ObjectNode node = json.createObjectNode();
        metadata.forEach(node::put);
        return node;
    }
}
