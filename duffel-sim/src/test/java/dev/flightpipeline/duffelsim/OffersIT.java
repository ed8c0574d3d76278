package dev.flightpipeline.duffelsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flightpipeline.duffelsim.SimulatorHttp.Reply;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OffersIT extends SharedSimulatorTest {

    @Test
    void aSearchReturnsRealisticOffersWithRealAirportsAirlinesPricesAndPassengerIds() throws Exception {
        JsonNode request = http.search(SimulatorHttp.searchBody("LHR", "JFK"));

        assertThat(request.path("id").asString()).startsWith("orq_");
        assertThat(request.path("passengers").get(0).path("id").asString()).startsWith("pas_");
        assertThat(request.path("offers")).hasSize(5);
        JsonNode offer = request.path("offers").get(0);
        assertThat(offer.path("id").asString()).matches("off_0000[0-9A-Za-z]{22}");
        assertThat(offer.path("total_amount").asString()).matches("\\d+\\.\\d{2}");
        assertThat(offer.path("total_currency").asString()).isIn("GBP", "EUR", "USD");
        assertThat(Instant.parse(offer.path("expires_at").asString()))
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(19)),
                        Instant.now().plus(Duration.ofMinutes(21)));
        assertThat(offer.path("owner").path("iata_code").asString()).matches("[A-Z]{2}");
        assertThat(offer.path("passengers").get(0).path("id"))
                .isEqualTo(request.path("passengers").get(0).path("id"));
        assertThat(offer.path("payment_requirements")
                        .path("requires_instant_payment")
                        .isBoolean())
                .isTrue();
        JsonNode slice = offer.path("slices").get(0);
        assertThat(slice.path("duration").asString()).matches("PT(\\d+H)?(\\d+M)?");
        JsonNode segment = slice.path("segments").get(0);
        assertThat(segment.path("origin").path("iata_code").asString()).isEqualTo("LHR");
        assertThat(slice.path("segments")
                        .get(slice.path("segments").size() - 1)
                        .path("destination")
                        .path("iata_code")
                        .asString())
                .isEqualTo("JFK");
        assertThat(segment.path("departing_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        assertThat(segment.path("marketing_carrier_flight_number").asString()).matches("\\d+");
        assertThat(segment.path("aircraft").path("name").asString()).isNotBlank();
        assertThat(simulator.stats().searches()).isEqualTo(1);
    }

    @Test
    void passengersByAgeAndOtherCabinsAreOffered() throws Exception {
        JsonNode request = http.search("""
                {"data": {"slices": [{"origin": "CDG", "destination": "SIN", "departure_date": "%s"},
                                     {"origin": "SIN", "destination": "CDG", "departure_date": "%s"}],
                          "passengers": [{"type": "adult"}, {"age": 7}], "cabin_class": "business",
                          "max_connections": 0}}""".formatted(
                        java.time.LocalDate.now().plusDays(10),
                        java.time.LocalDate.now().plusDays(20)));

        JsonNode offer = request.path("offers").get(0);
        assertThat(offer.path("passengers")).hasSize(2);
        assertThat(offer.path("passengers").get(1).path("type").asString()).isEqualTo("child");
        assertThat(offer.path("slices")).hasSize(2);
        assertThat(offer.path("slices").get(0).path("segments")).hasSize(1);
    }

    @Test
    void getOfferAnswersTheOfferAsSearched() throws Exception {
        JsonNode searched = http.searchOffer();

        Reply offer = http.get("/air/offers/" + searched.path("id").asString() + "?return_available_services=false");

        assertThat(offer.status()).isEqualTo(200);
        assertThat(offer.data()).isEqualTo(searched);
    }

    @Test
    void anUnknownOfferIsNotFound() throws Exception {
        Reply offer = http.get("/air/offers/off_0000NoSuchOffer");

        assertThat(offer.status()).isEqualTo(404);
        assertThat(offer.errorCode()).isEqualTo("not_found");
        assertThat(offer.error().path("type").asString()).isEqualTo("invalid_request_error");
    }

    @Test
    void anExpiredOfferIsNoLongerAvailableToReadOrBook() throws Exception {
        simulator.updateConfig(SimulatorConfig.defaults().withOfferLifetime(Duration.ofMillis(300)));
        JsonNode offer = http.searchOffer();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(
                                http.get("/air/offers/" + offer.path("id").asString())
                                        .errorCode())
                        .isEqualTo("offer_no_longer_available"));
        Reply order = http.post("/air/orders", SimulatorHttp.orderBody(offer, "late", "Stark"));
        assertThat(order.status()).isEqualTo(422);
        assertThat(order.error().path("type").asString()).isEqualTo("invalid_state_error");
        assertThat(order.errorCode()).isEqualTo("offer_no_longer_available");
    }

    @Test
    void unknownAirportsAndBadFieldsAreValidationErrorsNamingTheField() throws Exception {
        String date = java.time.LocalDate.now().plusDays(5).toString();
        List<String[]> cases = List.of(
                new String[] {
                    "{\"data\":{\"slices\":[{\"origin\":\"XXX\",\"destination\":\"JFK\",\"departure_date\":\"" + date
                            + "\"}],\"passengers\":[{\"type\":\"adult\"}]}}",
                    "slices.0.origin"
                },
                new String[] {
                    "{\"data\":{\"slices\":[{\"origin\":\"LHR\",\"destination\":\"JFK\",\"departure_date\":\"2001-01-01\"}],"
                            + "\"passengers\":[{\"type\":\"adult\"}]}}",
                    "slices.0.departure_date"
                },
                new String[] {
                    "{\"data\":{\"slices\":[{\"origin\":\"LHR\",\"destination\":\"JFK\",\"departure_date\":\"" + date
                            + "\"}],\"passengers\":[]}}",
                    "passengers"
                },
                new String[] {
                    "{\"data\":{\"slices\":[{\"origin\":\"LHR\",\"destination\":\"JFK\",\"departure_date\":\"" + date
                            + "\"}],\"passengers\":[{\"type\":\"adult\"}],\"cabin_class\":\"cargo\"}}",
                    "cabin_class"
                },
                new String[] {"{\"data\":{\"passengers\":[{\"type\":\"adult\"}]}}", "slices"});
        List<String> fields = new ArrayList<>();
        for (String[] example : cases) {
            Reply reply = http.post("/air/offer_requests", example[0]);
            assertThat(reply.status()).as(example[0]).isEqualTo(422);
            assertThat(reply.error().path("type").asString()).isEqualTo("validation_error");
            fields.add(reply.errorField());
        }

        assertThat(fields).containsExactly(cases.stream().map(c -> c[1]).toArray(String[]::new));
        assertThat(simulator.stats().searches()).isZero();
    }

    @Test
    void theSameSeedGivesTheSameAirlinesAndPricesAndAnotherSeedOthers() throws Exception {
        List<String> first = prices(SimulatorConfig.defaults().withSeed(7));
        List<String> again = prices(SimulatorConfig.defaults().withSeed(7));
        List<String> other = prices(SimulatorConfig.defaults().withSeed(8));

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    private static List<String> prices(SimulatorConfig config) throws Exception {
        try (DuffelSimulator seeded = DuffelSimulator.start(config)) {
            List<String> prices = new ArrayList<>();
            for (JsonNode offer : new SimulatorHttp(seeded)
                    .search(SimulatorHttp.searchBody("MAD", "DXB"))
                    .path("offers")) {
                prices.add(offer.path("owner").path("iata_code").asString() + " "
                        + offer.path("total_amount").asString() + " "
                        + offer.path("total_currency").asString());
            }
            return prices;
        }
    }
}
