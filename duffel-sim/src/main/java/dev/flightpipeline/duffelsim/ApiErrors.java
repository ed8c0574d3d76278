package dev.flightpipeline.duffelsim;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Duffel's error envelope: {@code {"meta": {status, request_id}, "errors": [{type, code, ...}]}}. */
final class ApiErrors {

    static final String DOCUMENTATION_URL = "https://duffel.com/docs/api/overview/errors";

    private static final JsonMapper json = JsonMapper.builder().build();

    private ApiErrors() {}

    static Answer.Json error(int status, String type, String code, String title, String message) {
        return error(status, type, code, title, message, null, Map.of());
    }

    static Answer.Json error(
            int status,
            String type,
            String code,
            String title,
            String message,
            String field,
            Map<String, String> headers) {
        ObjectNode body = json.createObjectNode();
        ObjectNode meta = body.putObject("meta");
        meta.put("status", status);
        // The HTTP layer replaces this with the request's own id.
        meta.putNull("request_id");
        ArrayNode errors = body.putArray("errors");
        ObjectNode error = errors.addObject();
        error.put("type", type);
        error.put("code", code);
        error.put("title", title);
        error.put("message", message);
        error.put("documentation_url", DOCUMENTATION_URL);
        if (field != null) {
            ObjectNode source = error.putObject("source");
            source.put("field", field);
            source.put("pointer", "/" + field.replace('.', '/'));
        }
        return new Answer.Json(status, body, headers);
    }

    static Answer.Json validation(String field, String message) {
        return error(422, "validation_error", "invalid_field", "Invalid field", message, field, Map.of());
    }

    static Answer.Json malformedData() {
        return error(
                400,
                "invalid_request_error",
                "malformed_data_param",
                "Malformed data parameter",
                "The request body could not be read as JSON");
    }

    static Answer.Json missingData() {
        return error(
                400,
                "invalid_request_error",
                "missing_data_param",
                "Missing data parameter",
                "The request body must be a JSON object with a 'data' object");
    }

    /** Duffel documents no code for this: {@code payload_too_large} is the simulator's choice. */
    static Answer.Json bodyTooLarge(int maxBytes) {
        return error(
                413,
                "invalid_request_error",
                "payload_too_large",
                "Payload too large",
                "The request body must be at most " + maxBytes + " bytes");
    }

    static Answer.Json notFound(String what) {
        return error(404, "invalid_request_error", "not_found", "Not found", "The " + what + " was not found");
    }

    static Answer.Json offerNoLongerAvailable() {
        return error(
                422,
                "invalid_state_error",
                "offer_no_longer_available",
                "Offer no longer available",
                "The requested offer is no longer available, please search again");
    }

    static Answer.Json alreadyBooked() {
        // Duffel documents no code for this answer: the code is the simulator's choice.
        return error(
                422,
                "validation_error",
                "already_booked",
                "Offer already booked",
                "Field 'selected_offers' has offers that were already booked",
                "selected_offers",
                Map.of());
    }

    static Answer.Json duplicateBooking() {
        return error(
                422,
                "invalid_state_error",
                "duplicate_booking",
                "Duplicate booking",
                "An identical booking already exists for this itinerary");
    }

    static Answer.Json orderNotCreated() {
        return error(
                502,
                "airline_error",
                "order_not_created",
                "Order not created",
                "The airline did not create the order; no order exists and no payment was taken");
    }

    static Answer.Json internalServerError() {
        return error(
                500,
                "api_error",
                "internal_server_error",
                "Internal server error",
                "Something went wrong; the order may have been created, do not retry");
    }

    /** An airline's failure after the order may have been made: not {@code order_not_created}, so no guarantee. */
    static Answer.Json airlineError() {
        return error(
                502,
                "airline_error",
                "airline_unknown",
                "Airline error",
                "The airline returned an unexpected answer; the order may have been created, do not retry");
    }

    static Answer.Json serviceUnavailable() {
        // Duffel documents no code for a 503: the code is the simulator's choice.
        return error(
                503,
                "api_error",
                "service_unavailable",
                "Service unavailable",
                "The service is temporarily unavailable; no order was created, try again later");
    }

    static Answer.Json gatewayTimeout() {
        // Duffel documents no code for a 504: the code is the simulator's choice.
        return error(
                504,
                "api_error",
                "gateway_timeout",
                "Gateway timeout",
                "The request timed out before it was processed; no order was created, try again later");
    }

    static Answer.Json insufficientBalance() {
        return error(
                422,
                "invalid_state_error",
                "insufficient_balance",
                "Insufficient balance",
                "The account's balance is too low to pay for this order");
    }

    static Answer.Json rateLimited(Instant resetAt) {
        return error(
                429,
                "rate_limit_error",
                "rate_limit_exceeded",
                "Rate limit exceeded",
                "Too many requests, try again after the time in the ratelimit-reset header",
                null,
                Map.of("ratelimit-reset", httpDate(resetAt)));
    }

    static String httpDate(Instant instant) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(instant.atOffset(ZoneOffset.UTC));
    }
}
