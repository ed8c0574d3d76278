package dev.flightpipeline.duffel;

import dev.flightpipeline.duffel.OrderCreationOutcome.Pending;
import dev.flightpipeline.duffel.OrderCreationOutcome.RateLimited;
import dev.flightpipeline.duffel.OrderCreationOutcome.Rejected;
import dev.flightpipeline.duffel.OrderCreationOutcome.RetryLater;
import dev.flightpipeline.duffel.OrderCreationOutcome.Unknown;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one table from Duffel's answer to an order creation (other than a 201) to an outcome, after
 * duffel.md: what each status and error means for whether an order may exist.
 */
final class OrderCreationAnswers {

    private OrderCreationAnswers() {}

    static OrderCreationOutcome classify(
            int status,
            List<DuffelError> errors,
            Optional<RateLimit> rateLimit,
            Optional<Duration> retryAfter,
            Optional<String> requestId,
            Instant now) {
        if (status == 202) {
            return new Pending(requestId);
        }
        if (status == 429) {
            Instant resetAt = rateLimit.map(RateLimit::resetAt).orElse(null);
            return new RateLimited(
                    resetAt != null ? resetAt : now.plus(retryAfter.orElse(Duration.ofSeconds(1))), requestId);
        }
        if (status == 503 || status == 504) {
            return new RetryLater(status, retryAfter, "Duffel answered " + status + ": try again later", requestId);
        }
        if (status == 502 && hasCode(errors, "order_not_created")) {
            return new Rejected(RejectionReason.ORDER_NOT_CREATED, errors, requestId);
        }
        if (status == 401 || status == 403) {
            // Refused before anything was booked: a configuration fault to fix, not a booking to fail.
            return new RetryLater(status, retryAfter, "Duffel refused the access token (" + status + ")", requestId);
        }
        if (status >= 400 && status < 500) {
            return new Rejected(rejectionReason(errors), errors, requestId);
        }
        // 500, 502 (other than order_not_created), anything unexpected: the order may exist.
        return new Unknown("Duffel answered " + status + describe(errors), requestId);
    }

    static RejectionReason rejectionReason(List<DuffelError> errors) {
        if (isAlreadyBookedOffer(errors)) {
            return RejectionReason.ALREADY_BOOKED;
        }
        if (hasCode(errors, "offer_no_longer_available")) {
            return RejectionReason.OFFER_NO_LONGER_AVAILABLE;
        }
        if (hasCode(errors, "duplicate_booking")) {
            return RejectionReason.DUPLICATE_BOOKING;
        }
        if (hasCode(errors, "insufficient_balance")) {
            return RejectionReason.INSUFFICIENT_BALANCE;
        }
        return RejectionReason.INVALID_INPUT;
    }

    /**
     * Duffel documents no error code for an offer that was already booked. It is recognised by its
     * type, the field it names ({@code selected_offers}) and its message, never by its code.
     */
    static boolean isAlreadyBookedOffer(List<DuffelError> errors) {
        return errors.stream().anyMatch(error -> {
            boolean stateOrValidation =
                    "validation_error".equals(error.type()) || "invalid_state_error".equals(error.type());
            String message = error.message() == null ? "" : error.message().toLowerCase(Locale.ROOT);
            boolean namesSelectedOffers =
                    "selected_offers".equals(error.field()) || message.contains("selected_offers");
            return stateOrValidation && namesSelectedOffers && message.contains("already booked");
        });
    }

    private static boolean hasCode(List<DuffelError> errors, String code) {
        return errors.stream().anyMatch(error -> code.equals(error.code()));
    }

    private static String describe(List<DuffelError> errors) {
        return errors.isEmpty() ? "" : " (" + errors.getFirst().code() + ")";
    }
}
