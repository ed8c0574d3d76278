package dev.flightpipeline.gateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.DuffelClientSettings;
import dev.flightpipeline.duffel.Offers.OfferPassenger;
import dev.flightpipeline.duffelsim.DuffelSimulator;
import dev.flightpipeline.duffelsim.SimulatorConfig;
import dev.flightpipeline.duffelsim.SimulatorConfig.Latency;
import dev.flightpipeline.gateway.GatewayApplication;
import dev.flightpipeline.gateway.auth.LocalTokenIssuer;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/flights/search} against the Duffel simulator, through the whole gateway. */
@SpringBootTest(
        classes = GatewayApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=gateway", "duffel.search-timeout=2s"})
@AutoConfigureWebTestClient(timeout = "30s")
@ActiveProfiles("local")
class FlightSearchIT {

    static final DuffelSimulator duffel = DuffelSimulator.start(SimulatorConfig.defaults());

    private static final JsonMapper json = JsonMapper.builder().build();

    @DynamicPropertySource
    static void gatewaySettings(DynamicPropertyRegistry registry) {
        SearchTestInfrastructure.register(registry);
        registry.add("duffel.base-url", duffel::baseUrl);
    }

    @AfterAll
    static void stopDuffel() {
        duffel.close();
    }

    @Autowired
    WebTestClient http;

    @Autowired
    LocalTokenIssuer tokens;

    private final LocalDate departure = LocalDate.now(ZoneOffset.UTC).plusDays(30);

    @BeforeEach
    void freshSimulator() {
        duffel.updateConfig(SimulatorConfig.defaults());
        duffel.reset();
    }

    @Test
    void aSearchAnswersOffersWithPriceExpiryPassengersSlicesAndSegments() {
        EntityExchangeResult<String> result = search(
                        "origin=LHR&destination=JFK&departure_date=" + departure + "&adults=2")
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(String.class)
                .returnResult();
        Map<String, Object> answer = read(result.getResponseBody());

        assertThat(answer).containsOnlyKeys("success", "offers").containsEntry("success", true);
        List<Map<String, Object>> offers = list(answer, "offers");
        assertThat(offers).hasSize(SimulatorConfig.defaults().offersPerSearch());
        for (Map<String, Object> offer : offers) {
            assertThat(offer)
                    .containsOnlyKeys(
                            "id", "total_amount", "total_currency", "expires_at", "owner", "passengers", "slices");
            assertThat((String) offer.get("id")).startsWith("off_");
            assertThat(offer.get("total_amount")).isInstanceOf(String.class);
            assertThat((String) offer.get("total_amount")).matches("[0-9]+\\.[0-9]{2}");
            assertThat((String) offer.get("total_currency")).matches("[A-Z]{3}");
            assertThat(Instant.parse((String) offer.get("expires_at"))).isAfter(Instant.now());
            assertThat(map(offer, "owner")).containsOnlyKeys("iata_code", "name");
            assertThat((String) map(offer, "owner").get("iata_code")).matches("[A-Z0-9]{2}");
            assertThat((String) map(offer, "owner").get("name")).isNotBlank();

            List<Map<String, Object>> passengers = list(offer, "passengers");
            assertThat(passengers).hasSize(2).allSatisfy(passenger -> {
                assertThat(passenger).containsOnlyKeys("id", "type").containsEntry("type", "adult");
                assertThat((String) passenger.get("id")).startsWith("pas_");
            });

            List<Map<String, Object>> slices = list(offer, "slices");
            assertThat(slices).hasSize(1);
            Map<String, Object> slice = slices.getFirst();
            assertThat(slice).containsOnlyKeys("origin", "destination", "duration", "segments");
            assertThat(map(slice, "origin")).containsOnlyKeys("iata_code", "name", "city_name");
            assertThat(map(slice, "origin")).containsEntry("iata_code", "LHR");
            assertThat(map(slice, "destination")).containsEntry("iata_code", "JFK");
            assertThat(Duration.parse((String) slice.get("duration"))).isPositive();

            List<Map<String, Object>> segments = list(slice, "segments");
            assertThat(segments).isNotEmpty().allSatisfy(FlightSearchIT::isACompleteSegment);
            assertThat(map(segments.getFirst(), "origin")).containsEntry("iata_code", "LHR");
            assertThat(map(segments.getLast(), "destination")).containsEntry("iata_code", "JFK");
            assertThat(LocalDateTime.parse((String) segments.getFirst().get("departing_at"))
                            .toLocalDate())
                    .isEqualTo(departure);
        }
        assertThat(duffel.stats().searches()).isEqualTo(1);
    }

    @Test
    void thePassengerIdsAreDuffelsOwnForTheOffer() {
        Map<String, Object> offer = list(
                        searchOk("origin=LHR&destination=CDG&departure_date=" + departure + "&adults=2&children=7"),
                        "offers")
                .getFirst();
        List<String> answered = list(offer, "passengers").stream()
                .map(p -> (String) p.get("id"))
                .toList();

        try (DuffelClient client = DuffelClient.create(
                DuffelClientSettings.defaults(URI.create(duffel.baseUrl()), SearchTestInfrastructure.DUFFEL_TOKEN))) {
            List<OfferPassenger> inDuffel =
                    client.getOffer((String) offer.get("id")).block().passengers();
            assertThat(answered)
                    .containsExactlyElementsOf(
                            inDuffel.stream().map(OfferPassenger::id).toList());
        }
    }

    @Test
    void aReturnSearchHasAnOutboundAndAReturnSlice() {
        Map<String, Object> offer = list(
                        searchOk("origin=LHR&destination=JFK&departure_date=" + departure + "&return_date="
                                + departure.plusDays(7)),
                        "offers")
                .getFirst();

        List<Map<String, Object>> slices = list(offer, "slices");
        assertThat(slices).hasSize(2);
        assertThat(map(slices.get(1), "origin")).containsEntry("iata_code", "JFK");
        assertThat(map(slices.get(1), "destination")).containsEntry("iata_code", "LHR");
        assertThat(LocalDateTime.parse((String)
                                list(slices.get(1), "segments").getFirst().get("departing_at"))
                        .toLocalDate())
                .isEqualTo(departure.plusDays(7));
    }

    @Test
    void childrenAreSearchedByAgeAndAnsweredWithTheirAges() {
        Map<String, Object> offer = list(
                        searchOk("origin=LHR&destination=JFK&departure_date=" + departure + "&children=4,11"), "offers")
                .getFirst();

        assertThat(list(offer, "passengers"))
                .extracting(p -> p.get("type") + "/" + p.get("age"))
                .containsExactly("adult/null", "child/4", "child/11");
    }

    @Test
    void airportsAndTheCabinClassAreAcceptedInAnyCase() {
        Map<String, Object> offer = list(
                        searchOk("origin=lhr&destination=Jfk&departure_date=" + departure + "&cabin_class=BUSINESS"),
                        "offers")
                .getFirst();

        assertThat(map(list(offer, "slices").getFirst(), "origin")).containsEntry("iata_code", "LHR");
    }

    static Stream<Arguments> invalidQueries() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String departure = today.plusDays(30).toString();
        String valid = "origin=LHR&destination=JFK&departure_date=" + departure;
        String airport = "a 3-letter IATA airport code, e.g. LHR";
        String ages = "must be the children's ages from 0 to 17, separated by commas, e.g. 4,11";
        return Stream.of(
                Arguments.of("destination=JFK&departure_date=" + departure, "origin", "is required: " + airport),
                Arguments.of(
                        "origin=LONDON&destination=JFK&departure_date=" + departure, "origin", "must be " + airport),
                Arguments.of("origin=LHR&departure_date=" + departure, "destination", "is required: " + airport),
                Arguments.of(
                        "origin=LHR&destination=J2K&departure_date=" + departure, "destination", "must be " + airport),
                Arguments.of(
                        "origin=LHR&destination=lhr&departure_date=" + departure,
                        "destination",
                        "must differ from origin"),
                Arguments.of("origin=LHR&destination=JFK", "departure_date", "is required: a date as YYYY-MM-DD"),
                Arguments.of(
                        "origin=LHR&destination=JFK&departure_date=12/24/2026",
                        "departure_date",
                        "must be a date as YYYY-MM-DD"),
                Arguments.of(
                        "origin=LHR&destination=JFK&departure_date=" + today.minusDays(2),
                        "departure_date",
                        "must not be in the past"),
                Arguments.of(
                        "origin=LHR&destination=JFK&departure_date=" + today.plusDays(400),
                        "departure_date",
                        "must be at most 365 days ahead (on or before " + today.plusDays(365) + ")"),
                Arguments.of(
                        valid + "&return_date=" + today.plusDays(29),
                        "return_date",
                        "must be on or after departure_date"),
                Arguments.of(valid + "&return_date=2026-13-01", "return_date", "must be a date as YYYY-MM-DD"),
                Arguments.of(valid + "&adults=0", "adults", "must be a whole number from 1 to 9"),
                Arguments.of(valid + "&adults=10", "adults", "must be a whole number from 1 to 9"),
                Arguments.of(valid + "&children=4,18", "children", ages),
                Arguments.of(
                        valid + "&adults=5&children=3,4,5,6,7",
                        "children",
                        "adults and children together must be at most 9 passengers"),
                Arguments.of(
                        valid + "&children=0,1",
                        "children",
                        "must have no more children under 2 than adults: each sits on an adult's lap"),
                Arguments.of(
                        valid + "&cabin_class=coach",
                        "cabin_class",
                        "must be one of economy, premium_economy, business, first"),
                Arguments.of(valid + "&adults=1&adults=2", "adults", "must be given once"),
                Arguments.of(
                        valid + "&adult=2",
                        "adult",
                        "is not a parameter of this search; it takes origin, destination, departure_date, return_date, adults, children, cabin_class"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("invalidQueries")
    void anInvalidParameterIsABadRequestNamingIt(String query, String field, String message) {
        search(query)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.success")
                .isEqualTo(false)
                .jsonPath("$.code")
                .isEqualTo("validation_failed")
                .jsonPath("$.errors.length()")
                .isEqualTo(1)
                .jsonPath("$.errors[0].field")
                .isEqualTo(field)
                .jsonPath("$.errors[0].message")
                .isEqualTo(message);
        assertThat(duffel.stats().searches()).isZero();
    }

    @Test
    void everyInvalidParameterIsReportedInOneAnswer() {
        search("origin=L&destination=&departure_date=yesterday&adults=0&cabin_class=coach")
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[*].field")
                .isEqualTo(List.of("origin", "destination", "departure_date", "adults", "cabin_class"));
    }

    @Test
    void anAirportDuffelDoesNotKnowIsABadRequestOnThatParameterWithoutDuffelsWords() {
        // ABZ is a real airport with a valid code, but not one the simulator flies to.
        String body = search("origin=LHR&destination=ABZ&departure_date=" + departure + "&return_date="
                        + departure.plusDays(3))
                .expectStatus()
                .isBadRequest()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        Map<String, Object> problem = read(body);
        assertThat(problem).containsEntry("code", "validation_failed");
        assertThat(list(problem, "errors"))
                .containsExactly(
                        Map.of("field", "destination", "message", "is not an airport the flight search knows"));
        assertThatItHoldsNothingOfDuffels(body);
    }

    @Test
    void aSearchWithoutATokenIsUnauthorizedAndNeverReachesDuffel() {
        http.get()
                .uri("/api/flights/search?origin=LHR&destination=JFK&departure_date=" + departure)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized");
        assertThat(duffel.stats().searches()).isZero();
    }

    @Test
    void aSearchDuffelDoesNotAnswerWithinTheSearchTimeoutIsAGatewayTimeout() {
        duffel.updateConfig(SimulatorConfig.defaults().withSearchLatency(Latency.fixed(Duration.ofSeconds(60))));
        long startedAt = System.nanoTime();

        search("origin=LHR&destination=JFK&departure_date=" + departure)
                .expectStatus()
                .isEqualTo(504)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.success")
                .isEqualTo(false)
                .jsonPath("$.code")
                .isEqualTo("search_timed_out")
                .jsonPath("$.action")
                .isEqualTo("Please search again");

        // The gateway's 2 s search timeout, not the simulator's minute.
        assertThat(Duration.ofNanos(System.nanoTime() - startedAt))
                .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(20));
    }

    @Test
    void aSearchDuffelRateLimitsIsUnavailableUntilDuffelsWindowResets() {
        duffel.updateConfig(SimulatorConfig.defaults().withRateLimitPerSecond(1));

        // One search per second gets through: of a quick few, one is refused.
        EntityExchangeResult<String> refused = null;
        for (int attempt = 0; attempt < 20 && refused == null; attempt++) {
            EntityExchangeResult<String> result = search("origin=LHR&destination=JFK&departure_date=" + departure)
                    .expectBody(String.class)
                    .returnResult();
            if (result.getStatus().value() == 503) {
                refused = result;
            }
        }

        assertThat(refused).as("a search refused by Duffel's rate limit").isNotNull();
        assertThat(refused.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER))
                .isEqualTo("1");
        Map<String, Object> problem = read(refused.getResponseBody());
        assertThat(problem)
                .containsEntry("code", "temporarily_unavailable")
                .containsEntry("message", "Flight search is busy right now.")
                .containsEntry("retry_after_seconds", 1);
        assertThatItHoldsNothingOfDuffels(refused.getResponseBody());
    }

    private static void isACompleteSegment(Map<String, Object> segment) {
        assertThat(segment)
                .containsOnlyKeys(
                        "id",
                        "origin",
                        "destination",
                        "departing_at",
                        "arriving_at",
                        "marketing_carrier",
                        "marketing_carrier_flight_number",
                        "operating_carrier",
                        "duration",
                        "aircraft");
        assertThat((String) segment.get("id")).startsWith("seg_");
        assertThat((String) map(segment, "origin").get("iata_code")).matches("[A-Z]{3}");
        assertThat((String) map(segment, "destination").get("iata_code")).matches("[A-Z]{3}");
        LocalDateTime departing = LocalDateTime.parse((String) segment.get("departing_at"));
        LocalDateTime arriving = LocalDateTime.parse((String) segment.get("arriving_at"));
        assertThat(departing).isNotNull();
        assertThat(arriving).isNotNull();
        assertThat(map(segment, "marketing_carrier")).containsOnlyKeys("iata_code", "name");
        assertThat((String) segment.get("marketing_carrier_flight_number")).matches("[0-9]{1,4}");
        assertThat(map(segment, "operating_carrier")).containsOnlyKeys("iata_code", "name");
        assertThat(Duration.parse((String) segment.get("duration"))).isPositive();
        assertThat((String) segment.get("aircraft")).isNotBlank();
    }

    /** Duffel's envelope, codes, messages and links stay in the gateway's log. */
    static void assertThatItHoldsNothingOfDuffels(String body) {
        assertThat(body)
                .doesNotContain(
                        "documentation_url",
                        "duffel.com",
                        "request_id",
                        "invalid_field",
                        "rate_limit_exceeded",
                        "IATA airport code",
                        "Exception",
                        "\tat ");
    }

    private WebTestClient.ResponseSpec search(String query) {
        return http.get()
                .uri("/api/flights/search?" + query)
                .headers(headers -> headers.setBearerAuth(tokens.issue("alice")))
                .exchange();
    }

    private Map<String, Object> searchOk(String query) {
        return read(search(query)
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String body) {
        return json.readValue(body, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String name) {
        return (List<Map<String, Object>>) parent.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.get(name);
    }
}
