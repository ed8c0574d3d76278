package dev.flightpipeline.duffel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffel.OrderCreationOutcome.Pending;
import dev.flightpipeline.duffel.OrderCreationOutcome.RateLimited;
import dev.flightpipeline.duffel.OrderCreationOutcome.Rejected;
import dev.flightpipeline.duffel.OrderCreationOutcome.RetryLater;
import dev.flightpipeline.duffel.OrderCreationOutcome.Unknown;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each row of the table from Duffel's answer to an order creation to an outcome. */
class OrderCreationAnswersTest {

    static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    static final Optional<String> REQUEST = Optional.of("req-1");

    static OrderCreationOutcome classify(int status, DuffelError... errors) {
        return OrderCreationAnswers.classify(status, List.of(errors), Optional.empty(), Optional.empty(), REQUEST, NOW);
    }

    static DuffelError error(String type, String code, String message, String field) {
        return new DuffelError(
                type, code, "title", message, null, field == null ? null : new DuffelError.Source(field, "/" + field));
    }

    static RejectionReason reason(OrderCreationOutcome outcome) {
        assertThat(outcome).isInstanceOf(Rejected.class);
        return ((Rejected) outcome).reason();
    }

    @Test
    void accepted202IsPending() {
        assertThat(classify(202)).isEqualTo(new Pending(REQUEST));
    }

    @Test
    void anAlreadyBookedOfferIsRecognisedByTypeFieldAndMessageWhateverItsCode() {
        assertThat(reason(classify(
                        422,
                        error(
                                "validation_error",
                                "anything",
                                "Field 'selected_offers' has offers that were already booked",
                                "selected_offers"))))
                .isEqualTo(RejectionReason.ALREADY_BOOKED);
        assertThat(reason(classify(
                        422,
                        error(
                                "invalid_state_error",
                                null,
                                "Field 'selected_offers' has offers that were already booked",
                                null))))
                .isEqualTo(RejectionReason.ALREADY_BOOKED);
    }

    @Test
    void aSelectedOffersErrorThatIsNotAboutBookingIsInvalidInput() {
        assertThat(reason(classify(
                        422,
                        error(
                                "validation_error",
                                "invalid_field",
                                "Field 'selected_offers' must not be empty",
                                "selected_offers"))))
                .isEqualTo(RejectionReason.INVALID_INPUT);
    }

    @Test
    void anOfferNoLongerAvailableIsItsOwnReason() {
        assertThat(reason(classify(422, error("invalid_state_error", "offer_no_longer_available", "gone", null))))
                .isEqualTo(RejectionReason.OFFER_NO_LONGER_AVAILABLE);
    }

    @Test
    void aDuplicateBookingIsItsOwnReason() {
        assertThat(reason(classify(422, error("invalid_state_error", "duplicate_booking", "exists", null))))
                .isEqualTo(RejectionReason.DUPLICATE_BOOKING);
    }

    @Test
    void anInsufficientBalanceIsItsOwnReason() {
        assertThat(reason(classify(422, error("invalid_state_error", "insufficient_balance", "no money", null))))
                .isEqualTo(RejectionReason.INSUFFICIENT_BALANCE);
    }

    @Test
    void validationErrorsDuplicateNamesAndMissingRecordsAreInvalidInput() {
        assertThat(reason(classify(422, error("validation_error", "invalid_field", "bad", "passengers.0.born_on"))))
                .isEqualTo(RejectionReason.INVALID_INPUT);
        assertThat(reason(classify(422, error("validation_error", "duplicate_passenger_name", "same", null))))
                .isEqualTo(RejectionReason.INVALID_INPUT);
        assertThat(reason(classify(404, error("invalid_request_error", "not_found", "missing", null))))
                .isEqualTo(RejectionReason.INVALID_INPUT);
    }

    @Test
    void orderNotCreatedIsAGuaranteedRejection() {
        assertThat(reason(classify(502, error("airline_error", "order_not_created", "no", null))))
                .isEqualTo(RejectionReason.ORDER_NOT_CREATED);
    }

    @Test
    void otherServerErrorsMayHaveCreatedTheOrder() {
        assertThat(classify(500, error("api_error", "internal_server_error", "oops", null)))
                .isInstanceOf(Unknown.class);
        assertThat(classify(502, error("airline_error", "airline_internal", "oops", null)))
                .isInstanceOf(Unknown.class);
        assertThat(classify(502)).isInstanceOf(Unknown.class);
        assertThat(classify(301)).isInstanceOf(Unknown.class);
    }

    @Test
    void unavailableAndGatewayTimeoutAreRetriedLater() {
        assertThat(classify(503)).isInstanceOf(RetryLater.class);
        assertThat(classify(504)).isInstanceOf(RetryLater.class);
    }

    @Test
    void aRefusedTokenIsRetriedLaterNotABookingFailure() {
        assertThat(classify(401, error("authentication_error", "access_token_not_found", "who", null)))
                .isInstanceOf(RetryLater.class);
    }

    @Test
    void rateLimitedWaitsForTheResetHeaderOrRetryAfter() {
        Instant reset = NOW.plusSeconds(7);
        assertThat(OrderCreationAnswers.classify(
                        429, List.of(), Optional.of(new RateLimit(100, 0, reset)), Optional.empty(), REQUEST, NOW))
                .isEqualTo(new RateLimited(reset, REQUEST));
        assertThat(OrderCreationAnswers.classify(
                        429, List.of(), Optional.empty(), Optional.of(Duration.ofSeconds(3)), REQUEST, NOW))
                .isEqualTo(new RateLimited(NOW.plusSeconds(3), REQUEST));
    }
}
