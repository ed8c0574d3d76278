package dev.flightpipeline.testsupport;

import static dev.flightpipeline.testsupport.SampleEvents.EUR;
import static dev.flightpipeline.testsupport.SampleEvents.GBP;
import static dev.flightpipeline.testsupport.SampleEvents.JPY;
import static dev.flightpipeline.testsupport.SampleEvents.KWD;
import static dev.flightpipeline.testsupport.SampleEvents.OTHER_BOOKING_ID;
import static dev.flightpipeline.testsupport.SampleEvents.confirmed;
import static dev.flightpipeline.testsupport.SampleEvents.failed;
import static dev.flightpipeline.testsupport.SampleEvents.pepper;
import static dev.flightpipeline.testsupport.SampleEvents.rejected;
import static dev.flightpipeline.testsupport.SampleEvents.requested;
import static dev.flightpipeline.testsupport.SampleEvents.tony;
import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.Money;
import dev.flightpipeline.events.OpsEvent;
import dev.flightpipeline.events.Passenger;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of event the pipeline publishes, written by {@link EventJson}, is valid against its schema. */
class PublishedEventsMatchTheirSchemasTest {

    static final Money[] TOTALS_IN_EVERY_PRECISION = {JPY, EUR, KWD};

    @Test
    void aRequestWithEveryPassengerDetailAndAnExpectedTotalIsValid() {
        EventSchemas.assertValid(requested(GBP, tony(), pepper()));
    }

    @Test
    void aRequestWithOnlyTheRequiredPassengerDetailsAndNoExpectedTotalLeavesThemOutAndIsValid() {
        BookingRequested request = requested(null, pepper());

        assertThat(EventJson.write(request))
                .doesNotContain("expectedTotal", "title", "gender", "email", "phoneNumber", "null");
        EventSchemas.assertValid(request);
    }

    @Test
    void aRequestForNinePassengersIsValid() {
        Passenger[] party = IntStream.range(0, 9)
                .mapToObj(i -> new Passenger(
                        "pas_0000AgHnjOzb0iAaMw5c9" + i,
                        "ms",
                        "Guest",
                        "Number " + i,
                        "f",
                        tony().bornOn(),
                        null,
                        null))
                .toArray(Passenger[]::new);

        EventSchemas.assertValid(requested(null, party));
    }

    @ParameterizedTest
    @FieldSource("TOTALS_IN_EVERY_PRECISION")
    void aRequestIsValidWithAnExpectedTotalInEveryCurrencyPrecision(Money total) {
        EventSchemas.assertValid(requested(total, tony()));
    }

    @ParameterizedTest
    @FieldSource("TOTALS_IN_EVERY_PRECISION")
    void aConfirmationIsValidWithATotalInEveryCurrencyPrecision(Money total) {
        assertThat(EventJson.write(confirmed(total, false)))
                .contains("\"total\":{\"amount\":\"" + total.amount() + "\"");
        EventSchemas.assertValid(confirmed(total, false));
    }

    @Test
    void aLateConfirmationFromTheReconcilerIsValid() {
        assertThat(EventJson.write(confirmed(GBP, true))).contains("\"late\":true");
        EventSchemas.assertValid(confirmed(GBP, true));
    }

    @Test
    void anOnTimeConfirmationWritesLateAsFalseAndIsValid() {
        assertThat(EventJson.write(confirmed(GBP, false))).contains("\"late\":false");
        EventSchemas.assertValid(confirmed(GBP, false));
    }

    @ParameterizedTest
    @EnumSource(FailureReason.class)
    void aFailureIsValidWithEveryFailureReason(FailureReason reason) {
        EventSchemas.assertValid(failed(reason, "Duffel refused the order", null));
    }

    @Test
    void aFailureBecauseThePriceChangedCarriesTheCurrentTotalAndIsValid() {
        BookingFailed failed = failed(FailureReason.PRICE_CHANGED, "The price changed", new Money("861.35", "GBP"));

        assertThat(EventJson.write(failed)).contains("\"currentTotal\":{\"amount\":\"861.35\",\"currency\":\"GBP\"}");
        EventSchemas.assertValid(failed);
    }

    @Test
    void aFailureWithoutACurrentTotalLeavesItOutAndIsValid() {
        BookingFailed failed = failed(FailureReason.OFFER_EXPIRED, "The offer expired", null);

        assertThat(EventJson.write(failed)).doesNotContain("currentTotal");
        EventSchemas.assertValid(failed);
    }

    @ParameterizedTest
    @FieldSource("dev.flightpipeline.testsupport.SampleEvents#PENDING_REASONS")
    void aPendingOutcomeIsValidWithEveryReasonTheBookerGives(String reason) {
        EventSchemas.assertValid(SampleEvents.pending(reason));
    }

    static Stream<Arguments> rejections() {
        return Stream.of(
                Arguments.of("idempotency_key_reused", OTHER_BOOKING_ID),
                Arguments.of("offer_booked_by_you", OTHER_BOOKING_ID),
                Arguments.of("offer_already_booked", null));
    }

    @ParameterizedTest
    @MethodSource("rejections")
    void aRejectedRequestIsValidWithEveryReason(String reason, UUID existingBookingId) {
        EventSchemas.assertValid(rejected(reason, existingBookingId));
    }

    @Test
    void anOpsEventAboutABookingIsValid() {
        EventSchemas.assertValid(SampleEvents.outcomeUnknown());
    }

    @Test
    void opsEventsAboutNoSingleBookingLeaveTheBookingIdOutAndAreValid() {
        for (OpsEvent event : new OpsEvent[] {SampleEvents.rateLimited(), SampleEvents.requestDeadLettered()}) {
            assertThat(EventJson.write(event)).doesNotContain("bookingId");
            EventSchemas.assertValid(event);
        }
    }

    @Test
    void anOpsEventWithoutAttributesWritesAnEmptyObjectAndIsValid() {
        OpsEvent event = new OpsEvent(
                "duffel_error",
                SampleEvents.BOOKING_ID,
                "booker",
                "Duffel answered 422",
                null,
                SampleEvents.OCCURRED_AT);

        assertThat(EventJson.write(event)).contains("\"attributes\":{}");
        EventSchemas.assertValid(event);
    }

    @Test
    void theValidatorTakesTheCeTypeAndTheRecordValueAsTheyArriveFromKafka() {
        EventSchemas.assertValid(
                "dev.flightpipeline.OpsEvent.v1",
                EventJson.write(new OpsEvent(
                        "submission_interrupted",
                        SampleEvents.BOOKING_ID,
                        "booker",
                        "the booker stopped while this booking's order was being sent",
                        Map.of("reason", "booker_restarted"),
                        SampleEvents.OCCURRED_AT)));
    }
}
