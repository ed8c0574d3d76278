package dev.flightpipeline.gateway.problem;

import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * The one place that builds the gateway's error bodies (http-api.md, "Answers"), so every answer
 * of a kind looks the same. Messages never echo the request: no passenger data, no token.
 */
public final class ApiProblems {

    // A relative reference (RFC 9457 allows it); the stable, machine-readable member is "code".
    private static final String TYPE_BASE = "/problems/";
    private static final String SEARCH_AGAIN = "Please search again for a new offer";

    private ApiProblems() {}

    public static ApiProblem unauthorized(String detail) {
        return problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, null, null)
                .build();
    }

    public static ApiProblem validationFailed(List<FieldProblem> errors) {
        return problem(
                        HttpStatus.BAD_REQUEST,
                        "validation_failed",
                        "Invalid request",
                        "The request has invalid or missing fields.",
                        "Correct the fields listed in errors and send the request again",
                        null)
                .errors(errors)
                .build();
    }

    public static ApiProblem validationFailed(String field, String message) {
        return validationFailed(List.of(new FieldProblem(field, message)));
    }

    public static ApiProblem bodyTooLarge(int maxBytes) {
        return problem(
                        HttpStatus.CONTENT_TOO_LARGE,
                        "validation_failed",
                        "Request too large",
                        "The request body is larger than " + maxBytes + " bytes.",
                        "Send a smaller request",
                        null)
                .errors(List.of(new FieldProblem("body", "must be at most " + maxBytes + " bytes")))
                .build();
    }

    /** The resource does not exist, or is not the caller's: the two are not told apart. */
    public static ApiProblem notFound(String what) {
        return problem(HttpStatus.NOT_FOUND, "not_found", "Not found", "No such " + what + ".", null, null)
                .build();
    }

    public static ApiProblem methodNotAllowed(String method) {
        return problem(
                        HttpStatus.METHOD_NOT_ALLOWED,
                        "method_not_allowed",
                        "Method not allowed",
                        method + " is not allowed here.",
                        null,
                        null)
                .build();
    }

    public static ApiProblem unsupportedMediaType() {
        return problem(
                        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                        "unsupported_media_type",
                        "Unsupported media type",
                        "The request body must be JSON (Content-Type: application/json).",
                        "Send the body as application/json",
                        null)
                .build();
    }

    public static ApiProblem notAcceptable() {
        return problem(
                        HttpStatus.NOT_ACCEPTABLE,
                        "not_acceptable",
                        "Not acceptable",
                        "The API answers in JSON only (Accept: application/json).",
                        "Accept application/json",
                        null)
                .build();
    }

    public static ApiProblem requestInProgress(String bookingId, String statusUrl, Duration retryAfter) {
        return problem(
                        HttpStatus.CONFLICT,
                        "request_in_progress",
                        "Request in progress",
                        "A request with this Idempotency-Key is still being processed.",
                        "Check the booking's status URL, or send the request again later",
                        null)
                .booking(bookingId, statusUrl)
                .retryAfter(retryAfter)
                .build();
    }

    public static ApiProblem idempotencyKeyReused() {
        return problem(
                        HttpStatus.UNPROCESSABLE_CONTENT,
                        "idempotency_key_reused",
                        "Idempotency-Key reused",
                        "This Idempotency-Key was used with a different request.",
                        "Use a new Idempotency-Key for a different request",
                        null)
                .build();
    }

    public static ApiProblem offerAlreadyBooked() {
        return problem(
                        HttpStatus.CONFLICT,
                        "offer_already_booked",
                        "Offer already booked",
                        "Field 'selected_offers' has offers that were already booked",
                        SEARCH_AGAIN,
                        "Duffel offers are single-use and expire after 20 minutes")
                .build();
    }

    public static ApiProblem offerExpired() {
        return problem(
                        HttpStatus.GONE,
                        "offer_expired",
                        "Offer expired",
                        "The offer has expired or is no longer available.",
                        SEARCH_AGAIN,
                        "Duffel offers are single-use and expire after 20 minutes")
                .build();
    }

    public static ApiProblem priceChanged(String amount, String currency) {
        return problem(
                        HttpStatus.CONFLICT,
                        "price_changed",
                        "Price changed",
                        "The offer's price has changed since the search; it is now " + amount + " " + currency + ".",
                        "Search again, or book again accepting the new price",
                        null)
                .currentTotal(amount, currency)
                .build();
    }

    public static ApiProblem duplicateBooking() {
        return problem(
                        HttpStatus.CONFLICT,
                        "duplicate_booking",
                        "Duplicate booking",
                        "An identical booking already exists for this itinerary.",
                        "Check /api/flights/my-orders for the existing booking",
                        null)
                .build();
    }

    /** Duffel or the airline refused the passengers' details after the request was accepted. */
    public static ApiProblem passengersRefused(String detail) {
        return problem(
                        HttpStatus.BAD_REQUEST,
                        "validation_failed",
                        "Invalid request",
                        "The airline refused the passengers' details.",
                        "Correct the passengers' details and book again with a new Idempotency-Key",
                        null)
                .errors(List.of(new FieldProblem("passengers", detail)))
                .build();
    }

    /** The booking failed for a reason that is not the client's: nothing was booked. */
    public static ApiProblem bookingNotCompleted(String code) {
        return problem(
                        HttpStatus.BAD_GATEWAY,
                        code,
                        "Booking not completed",
                        "The booking could not be completed; nothing was booked and nothing was charged.",
                        "Please try again with a new Idempotency-Key, or search again for a new offer",
                        null)
                .build();
    }

    public static ApiProblem temporarilyUnavailable(String detail, Duration retryAfter) {
        return problem(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "temporarily_unavailable",
                        "Temporarily unavailable",
                        detail,
                        "Please try again in a moment; nothing was booked",
                        null)
                .retryAfter(retryAfter)
                .build();
    }

    /** Duffel did not answer a search in time. */
    public static ApiProblem searchTimedOut() {
        return problem(
                        HttpStatus.GATEWAY_TIMEOUT,
                        "search_timed_out",
                        "Search timed out",
                        "The airlines did not answer the search in time.",
                        "Please search again",
                        null)
                .build();
    }

    public static ApiProblem internalError() {
        return problem(
                        HttpStatus.INTERNAL_SERVER_ERROR,
                        "internal_error",
                        "Internal error",
                        "Something went wrong on our side.",
                        "Please try again; if it keeps failing, contact support",
                        null)
                .build();
    }

    private static Builder problem(
            HttpStatus status, String code, String title, String detail, String action, String tip) {
        return new Builder(status, code, title, detail, action, tip);
    }

    private static final class Builder {
        private final HttpStatus status;
        private final String code;
        private final String title;
        private final String detail;
        private final String action;
        private final String tip;
        private List<FieldProblem> errors;
        private String bookingId;
        private String statusUrl;
        private Map<String, String> currentTotal;
        private Long retryAfterSeconds;

        Builder(HttpStatus status, String code, String title, String detail, String action, String tip) {
            this.status = status;
            this.code = code;
            this.title = title;
            this.detail = detail;
            this.action = action;
            this.tip = tip;
        }

        Builder errors(List<FieldProblem> errors) {
            this.errors = List.copyOf(errors);
            return this;
        }

        Builder booking(String bookingId, String statusUrl) {
            this.bookingId = bookingId;
            this.statusUrl = statusUrl;
            return this;
        }

        Builder currentTotal(String amount, String currency) {
            this.currentTotal = Map.of("amount", amount, "currency", currency);
            return this;
        }

        Builder retryAfter(Duration retryAfter) {
            this.retryAfterSeconds = retryAfter == null ? null : Math.max(1, retryAfter.toSeconds());
            return this;
        }

        ApiProblem build() {
            return new ApiProblem(
                    TYPE_BASE + code,
                    title,
                    status.value(),
                    detail,
                    false,
                    detail,
                    code,
                    action,
                    tip,
                    errors,
                    bookingId,
                    statusUrl,
                    currentTotal,
                    retryAfterSeconds);
        }
    }
}
