package dev.flightpipeline.gateway.booking;

import dev.flightpipeline.booking.Booking;
import dev.flightpipeline.booking.BookingStatus;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.gateway.problem.ApiProblem;
import dev.flightpipeline.gateway.problem.ApiProblems;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one place that turns what became of a booking into the create-order answer of http-api.md:
 * the status, the body frontends read, and the booking it is about.
 */
class BookingAnswers {

    static final String TIMEOUT_MESSAGE = "Booking request timed out. Order may have been created.";
    static final String TIMEOUT_ACTION = "Check /api/flights/my-orders in 1-2 minutes";
    static final String DUPLICATE_MESSAGE = "Already booked, here's your existing booking";

    private final JsonMapper json;

    BookingAnswers(JsonMapper json) {
        this.json = json;
    }

    /** The answer for a booking that is confirmed or failed. */
    BookingAnswer decided(Booking booking) {
        if (booking.status() == BookingStatus.CONFIRMED) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("success", true);
            body.put("booking", BookingView.of(booking));
            return answer(201, body, booking.id());
        }
        if (booking.status() == BookingStatus.FAILED) {
            return problem(failure(booking), booking.id());
        }
        throw new IllegalArgumentException("booking " + booking.id() + " is not decided: " + booking.status());
    }

    /** The offer is already booked by this user, under another key: that booking is the answer. */
    BookingAnswer duplicate(Booking existing) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("duplicate", true);
        body.put("message", DUPLICATE_MESSAGE);
        body.put("booking", BookingView.of(existing));
        return answer(200, body, existing.id());
    }

    /** The request did not become a booking (the booker's answer), other than this user's own duplicate. */
    BookingAnswer rejected(BookingRequestRejected rejection) {
        return switch (rejection.reason()) {
            case "idempotency_key_reused" -> problem(ApiProblems.idempotencyKeyReused(), null);
            case "offer_already_booked", "offer_booked_by_you" -> problem(ApiProblems.offerAlreadyBooked(), null);
            default -> throw new IllegalArgumentException("unknown rejection " + rejection.reason());
        };
    }

    /** {@code Prefer: respond-async}: the request is accepted; the client follows the status URL. */
    BookingAnswer accepted(UUID bookingId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", true);
        body.put("booking_id", bookingId);
        body.put("status", "received");
        body.put("status_url", BookingView.statusUrl(bookingId));
        return answer(202, body, bookingId);
    }

    /** No outcome within the wait: the booking goes on, and the client checks later. */
    BookingAnswer timedOut(UUID bookingId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("timeout", true);
        body.put("message", TIMEOUT_MESSAGE);
        body.put("action", TIMEOUT_ACTION);
        body.put("booking_id", bookingId);
        body.put("status_url", BookingView.statusUrl(bookingId));
        return answer(202, body, bookingId);
    }

    BookingAnswer problem(ApiProblem problem, UUID bookingId) {
        return new BookingAnswer(
                problem.status(), json.writeValueAsString(problem), bookingId, problem.retryAfterSeconds());
    }

    private BookingAnswer answer(int status, Object body, UUID bookingId) {
        return new BookingAnswer(status, json.writeValueAsString(body), bookingId, null);
    }

    private static ApiProblem failure(Booking booking) {
        String code = booking.failureCode();
        return switch (code) {
            case "offer_already_booked" -> ApiProblems.offerAlreadyBooked();
            case "offer_expired" -> ApiProblems.offerExpired();
            case "price_changed" ->
                booking.totalAmount() == null
                        ? ApiProblems.offerExpired()
                        : ApiProblems.priceChanged(booking.totalAmount().toPlainString(), booking.totalCurrency());
            case "duplicate_booking" -> ApiProblems.duplicateBooking();
            case "invalid_request" ->
                ApiProblems.passengersRefused(
                        booking.failureReason() == null ? "were refused by the airline" : booking.failureReason());
            default -> ApiProblems.bookingNotCompleted(code);
        };
    }
}
