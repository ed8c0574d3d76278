package dev.flightpipeline.gateway.booking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.gateway.booking.CreateOrderForm.Reading;
import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CreateOrderFormTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final String VALID = """
            {"offer_id": "off_123", "passengers": [{"id": "pas_1", "title": "mr", "given_name": "Tony",
             "family_name": "Stark", "gender": "m", "born_on": "1980-07-24", "email": "tony@example.com",
             "phone_number": "+442080160509"}]}""";

    @Test
    void aValidBodyBecomesAFormWithItsPassengers() {
        CreateOrderForm form = valid(VALID);

        assertThat(form.offerId()).isEqualTo("off_123");
        assertThat(form.passengers()).singleElement().satisfies(passenger -> {
            assertThat(passenger.id()).isEqualTo("pas_1");
            assertThat(passenger.bornOn()).isEqualTo(LocalDate.of(1980, 7, 24));
        });
        assertThat(form.expectedTotal()).isNull();
        assertThat(form.fingerprint()).startsWith("sha256:").hasSize("sha256:".length() + 64);
    }

    @Test
    void theSameMembersInAnotherOrderAndSpacingHaveTheSameFingerprint() {
        String reordered = """
                {"passengers":[{"phone_number":"+442080160509","email":"tony@example.com","born_on":"1980-07-24",
                "gender":"m","family_name":"Stark","given_name":"Tony","title":"mr","id":"pas_1"}],"offer_id":"off_123"}""";

        assertThat(valid(reordered).fingerprint()).isEqualTo(valid(VALID).fingerprint());
        assertThat(valid(VALID.replace("Tony", "Anthony")).fingerprint())
                .isNotEqualTo(valid(VALID).fingerprint());
    }

    @Test
    void everyProblemOfEveryFieldIsReportedAtOnceWithoutEchoingTheValues() {
        String body = VALID.replace("\"off_123\"", "\"nope\"")
                .replace("\"mr\"", "\"king\"")
                .replace("\"1980-07-24\"", "\"2999-01-01\"")
                .replace("\"+442080160509\"", "\"12\"");

        Reading reading = CreateOrderForm.read(body.getBytes(StandardCharsets.UTF_8), TODAY);

        assertThat(reading).isInstanceOfSatisfying(Reading.Invalid.class, invalid -> {
            assertThat(invalid.problems())
                    .extracting(FieldProblem::field)
                    .containsExactly(
                            "offer_id", "passengers[0].title", "passengers[0].born_on", "passengers[0].phone_number");
            assertThat(invalid.problems().toString()).doesNotContain("king", "2999", "nope");
        });
    }

    @Test
    void aMemberSentTwiceOrABodyThatIsNotUtf8IsRefused() {
        String twice =
                VALID.replace("{\"offer_id\": \"off_123\",", "{\"offer_id\": \"off_9\", \"offer_id\": \"off_123\",");

        assertThat(CreateOrderForm.read(twice.getBytes(StandardCharsets.UTF_8), TODAY))
                .isInstanceOf(Reading.Invalid.class);
        assertThat(CreateOrderForm.read(VALID.getBytes(StandardCharsets.UTF_16), TODAY))
                .isInstanceOf(Reading.Invalid.class);
    }

    @Test
    void anExpectedTotalNeedsBothAmountAndCurrency() {
        String both = VALID.replace(
                "{\"offer_id\"", "{\"total_amount\": \"120.50\", \"total_currency\": \"GBP\", \"offer_id\"");
        String amountOnly = VALID.replace("{\"offer_id\"", "{\"total_amount\": \"120.50\", \"offer_id\"");

        assertThat(valid(both).expectedTotal().amount()).isEqualTo("120.50");
        assertThat(CreateOrderForm.read(amountOnly.getBytes(StandardCharsets.UTF_8), TODAY))
                .isInstanceOfSatisfying(
                        Reading.Invalid.class,
                        invalid -> assertThat(invalid.problems())
                                .extracting(FieldProblem::field)
                                .containsExactly("total_currency"));
    }

    private static CreateOrderForm valid(String body) {
        Reading reading = CreateOrderForm.read(body.getBytes(StandardCharsets.UTF_8), TODAY);
        assertThat(reading).isInstanceOf(Reading.Valid.class);
        return ((Reading.Valid) reading).form();
    }
}
