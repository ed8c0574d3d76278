package dev.flightpipeline.testsupport;

import static dev.flightpipeline.testsupport.SampleEvents.GBP;
import static dev.flightpipeline.testsupport.SampleEvents.confirmed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.flightpipeline.events.BookingOutcome.BookingConfirmed;
import dev.flightpipeline.events.BookingOutcome.BookingFailed;
import dev.flightpipeline.events.BookingOutcome.BookingRequestRejected;
import dev.flightpipeline.events.BookingRequested;
import dev.flightpipeline.events.CloudEvents;
import dev.flightpipeline.events.EventJson;
import dev.flightpipeline.events.FailureReason;
import dev.flightpipeline.events.OpsEvent;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** The schemas catch an event that is not what the pipeline publishes, and say exactly where. */
class EventSchemasTest {

    private static final String CONFIRMED = CloudEvents.type(BookingConfirmed.class);
    private static final String FAILED = CloudEvents.type(BookingFailed.class);
    private static final String REJECTED = CloudEvents.type(BookingRequestRejected.class);
    private static final String REQUESTED = CloudEvents.type(BookingRequested.class);
    private static final String OPS = CloudEvents.type(OpsEvent.class);

    @Test
    void aMissingRequiredMemberIsAViolation() {
        String json = EventJson.write(new BookingConfirmed(
                SampleEvents.BOOKING_ID,
                SampleEvents.USER_ID,
                SampleEvents.IDEMPOTENCY_KEY,
                SampleEvents.OFFER_ID,
                null,
                "RZPVUB",
                GBP,
                false,
                SampleEvents.londonNewYorkReturn(),
                SampleEvents.OCCURRED_AT));

        assertThat(EventSchemas.violations(CONFIRMED, json))
                .containsExactly("$: required property 'duffelOrderId' not found");
    }

    @Test
    void anAmountWrittenAsANumberInsteadOfADecimalStringIsAViolation() {
        String json = changed(confirmed(GBP, false), event -> ((ObjectNode) event.get("total")).put("amount", 824.10));

        assertThat(EventSchemas.violations(CONFIRMED, json))
                .containsExactly("$.total.amount: number found, string expected");
    }

    @Test
    void anAmountInScientificNotationOrWithADecimalCommaIsAViolation() {
        for (String amount : new String[] {"8.241E2", "824,10", "-824.10", ".5"}) {
            String json =
                    changed(confirmed(GBP, false), event -> ((ObjectNode) event.get("total")).put("amount", amount));

            assertThat(EventSchemas.violations(CONFIRMED, json))
                    .as(amount)
                    .singleElement(STRING)
                    .startsWith("$.total.amount: does not match the regex pattern");
        }
    }

    @Test
    void aFailureReasonThatIsNotAFailureReasonCodeIsAViolation() {
        String json = changed(
                SampleEvents.failed(FailureReason.OFFER_EXPIRED, "The offer expired", null),
                event -> event.put("reason", "offer_vanished"));

        assertThat(EventSchemas.violations(FAILED, json))
                .singleElement(STRING)
                .startsWith("$.reason: does not have a value in the enumeration");
    }

    @Test
    void aFailureReasonWrittenAsTheEnumConstantInsteadOfItsCodeIsAViolation() {
        String json = changed(
                SampleEvents.failed(FailureReason.OFFER_EXPIRED, "The offer expired", null),
                event -> event.put("reason", FailureReason.OFFER_EXPIRED.name()));

        assertThat(EventSchemas.violations(FAILED, json))
                .singleElement(STRING)
                .startsWith("$.reason: does not have a value in the enumeration");
    }

    @Test
    void anUnknownRejectionReasonIsAViolation() {
        String json = EventJson.write(SampleEvents.rejected("offer_sold_out", null));

        assertThat(EventSchemas.violations(REJECTED, json))
                .singleElement(STRING)
                .startsWith("$.reason: does not have a value in the enumeration");
    }

    @Test
    void aMemberTheSchemaDoesNotDescribeIsAViolationSoNoFieldIsPublishedUndocumented() {
        String json = changed(confirmed(GBP, false), event -> event.put("seat", "14A"));

        assertThat(EventSchemas.violations(CONFIRMED, json))
                .singleElement(STRING)
                .startsWith("$: property 'seat' is not defined in the schema");
    }

    @Test
    void aNullInsteadOfALeftOutMemberIsAViolation() {
        String json = changed(
                SampleEvents.failed(FailureReason.OFFER_EXPIRED, "The offer expired", null),
                event -> event.putNull("currentTotal"));

        assertThat(EventSchemas.violations(FAILED, json))
                .containsExactly("$.currentTotal: null found, object expected");
    }

    @Test
    void aBookingIdThatIsNotAUuidIsAViolation() {
        String json = changed(confirmed(GBP, false), event -> event.put("bookingId", "3f2b8c1e"));

        assertThat(EventSchemas.violations(CONFIRMED, json))
                .singleElement(STRING)
                .startsWith("$.bookingId: does not match the uuid pattern");
    }

    @Test
    void aTimeThatIsNotAnIsoInstantInUtcIsAViolation() {
        for (String time : new String[] {"2026-11-02 14:03:27", "2026-11-02T14:03:27", "1793628207418"}) {
            String json = changed(confirmed(GBP, false), event -> event.put("occurredAt", time));

            assertThat(EventSchemas.violations(CONFIRMED, json))
                    .as(time)
                    .anySatisfy(violation ->
                            assertThat(violation).startsWith("$.occurredAt: does not match the date-time pattern"));
        }
        String withOffset =
                changed(confirmed(GBP, false), event -> event.put("occurredAt", "2026-11-02T15:03:27+01:00"));
        assertThat(EventSchemas.violations(CONFIRMED, withOffset))
                .singleElement(STRING)
                .startsWith("$.occurredAt: does not match the regex pattern Z$");
    }

    @Test
    void aSegmentTimeWithAnOffsetIsAViolationBecauseItIsLocalToTheAirport() {
        String json = changed(
                confirmed(GBP, false),
                event -> ((ObjectNode) event.get("segments").get(0)).put("departingAt", "2026-12-24T08:30:00Z"));

        assertThat(EventSchemas.violations(CONFIRMED, json))
                .singleElement(STRING)
                .startsWith("$.segments[0].departingAt: does not match the regex pattern");
    }

    @Test
    void aDateOfBirthThatIsNoDateIsAViolation() {
        String json = changed(
                SampleEvents.requested(null, SampleEvents.tony()),
                event -> ((ObjectNode) event.get("passengers").get(0)).put("bornOn", "1981-02-29"));

        assertThat(EventSchemas.violations(REQUESTED, json))
                .singleElement(STRING)
                .startsWith("$.passengers[0].bornOn: does not match the date pattern");
    }

    @Test
    void anOpsEventWithANonStringAttributeIsAViolation() {
        String json = changed(
                SampleEvents.outcomeUnknown(), event -> ((ObjectNode) event.get("attributes")).put("status", 422));

        assertThat(EventSchemas.violations(OPS, json))
                .containsExactly("$.attributes.status: integer found, string expected");
    }

    @Test
    void theAssertionNamesTheCeTypeAndListsEveryViolation() {
        String json = changed(confirmed(GBP, false), event -> {
            event.remove("userId");
            event.put("late", "no");
            ((ObjectNode) event.get("total")).put("currency", "gbp");
        });

        assertThatThrownBy(() -> EventSchemas.assertValid(CONFIRMED, json))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("dev.flightpipeline.BookingConfirmed.v1: 3 violations of its schema")
                .hasMessageContaining("$: required property 'userId' not found")
                .hasMessageContaining("$.late: string found, boolean expected")
                .hasMessageContaining("$.total.currency: does not match the regex pattern ^[A-Z]{3}$");
    }

    @Test
    void aCeTypeWithoutASchemaIsNotKnownAndCannotBeChecked() {
        assertThat(EventSchemas.knows("dev.flightpipeline.BookingConfirmed.v2")).isFalse();
        assertThat(EventSchemas.knows("dev.flightpipeline.BookingConfirmed")).isFalse();
        assertThat(EventSchemas.knows("common.v1")).isFalse();
        assertThat(EventSchemas.knows(null)).isFalse();
        assertThatThrownBy(() -> EventSchemas.assertValid("dev.flightpipeline.BookingConfirmed.v2", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("No schema for ce_type dev.flightpipeline.BookingConfirmed.v2");
    }

    @Test
    void aValueThatIsNotJsonFailsNamingTheCeType() {
        assertThatThrownBy(() -> EventSchemas.assertValid(CONFIRMED, "{\"bookingId\":"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("dev.flightpipeline.BookingConfirmed.v1: the value is not JSON");
    }

    /** The event as EventJson writes it, then changed the way a faulty producer would. */
    private static String changed(Object event, Consumer<ObjectNode> change) {
        ObjectNode json = (ObjectNode) EventJson.mapper().readTree(EventJson.write(event));
        change.accept(json);
        return EventJson.mapper().writeValueAsString(json);
    }
}
