package dev.flightpipeline.duffel;

import dev.flightpipeline.duffel.Orders.Order;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything an order creation can end in. Only {@link Created} and {@link Rejected} are final; a
 * {@link Pending} or {@link Unknown} order may exist and must be found, never created again.
 */
public sealed interface OrderCreationOutcome {

    /** Duffel's {@code x-request-id}, when an answer came. */
    Optional<String> requestId();

    /** 201: the order exists. */
    record Created(Order order, Optional<String> requestId) implements OrderCreationOutcome {}

    /** 202: still processing; the result comes as a webhook or shows in the order list. Do not retry. */
    record Pending(Optional<String> requestId) implements OrderCreationOutcome {}

    /** Duffel said no, and no order exists. */
    record Rejected(RejectionReason reason, List<DuffelError> errors, Optional<String> requestId)
            implements OrderCreationOutcome {
        /** Duffel's own words, for an operator (no passenger data in them). */
        public String description() {
            String message = errors.isEmpty() ? null : errors.getFirst().message();
            return message == null || message.isBlank()
                    ? "Duffel refused the order (" + reason.name().toLowerCase(Locale.ROOT) + ")"
                    : message;
        }
    }

    /** 429: nothing was created; send again after {@code resetAt}. */
    record RateLimited(Instant resetAt, Optional<String> requestId) implements OrderCreationOutcome {}

    /**
     * Nothing was created and it is safe to send again later: a 503 or 504, or a connection that was
     * never made.
     */
    record RetryLater(int status, Optional<Duration> retryAfter, String cause, Optional<String> requestId)
            implements OrderCreationOutcome {}

    /** No clear answer (a timeout, a reset connection, a 500, a 502): the order may exist. */
    record Unknown(String cause, Optional<String> requestId) implements OrderCreationOutcome {}
}
