package dev.flightpipeline.gateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import dev.flightpipeline.gateway.search.SearchQueryValidation.Checked;
import dev.flightpipeline.gateway.search.SearchQueryValidation.Invalid;
import dev.flightpipeline.gateway.search.SearchQueryValidation.Valid;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

class SearchQueryValidationTest {

    /** 10:00 UTC on 1 March 2026: still 28 February in UTC-12 and earlier. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);

    private final SearchQueryValidation validation = new SearchQueryValidation(CLOCK);

    @Test
    void aOneWayQueryHasDefaultsForEverythingOptional() {
        SearchQuery query = valid("origin=LHR&destination=JFK&departure_date=2026-12-24");

        assertThat(query)
                .isEqualTo(new SearchQuery(
                        "LHR", "JFK", LocalDate.parse("2026-12-24"), null, 1, List.of(), CabinClass.ECONOMY));
        assertThat(query.offerRequest().slices()).hasSize(1);
        assertThat(query.offerRequest().cabinClass()).isEqualTo("economy");
    }

    @Test
    void airportsAndCabinClassAreNormalisedAndEmptyOptionalParametersAreAbsent() {
        SearchQuery query = valid("origin=%20lhr&destination=Jfk&departure_date=2026-12-24&return_date="
                + "&adults=&children=&cabin_class=Premium_Economy");

        assertThat(query.origin()).isEqualTo("LHR");
        assertThat(query.destination()).isEqualTo("JFK");
        assertThat(query.returnDate()).isNull();
        assertThat(query.adults()).isEqualTo(1);
        assertThat(query.childAges()).isEmpty();
        assertThat(query.cabinClass()).isEqualTo(CabinClass.PREMIUM_ECONOMY);
    }

    @Test
    void aReturnTripWithChildrenBecomesTwoSlicesAndPassengersByAge() {
        SearchQuery query = valid("origin=LHR&destination=JFK&departure_date=2026-12-24&return_date=2027-01-02"
                + "&adults=2&children=1,%2011&cabin_class=business");

        var request = query.offerRequest();
        assertThat(request.slices())
                .extracting(slice -> slice.origin() + "-" + slice.destination() + " " + slice.departureDate())
                .containsExactly("LHR-JFK 2026-12-24", "JFK-LHR 2027-01-02");
        assertThat(request.passengers())
                .extracting(passenger -> passenger.type() + "/" + passenger.age())
                .containsExactly("adult/null", "adult/null", "null/1", "null/11");
        assertThat(request.cabinClass()).isEqualTo("business");
    }

    @Test
    void todayAnywhereOnEarthIsNotInThePast() {
        assertThat(valid("origin=LHR&destination=JFK&departure_date=2026-02-28"))
                .isNotNull();
        assertThat(problems("origin=LHR&destination=JFK&departure_date=2026-02-27"))
                .containsExactly(new FieldProblem("departure_date", "must not be in the past"));
    }

    @Test
    void theLastBookableDayIs365DaysAhead() {
        assertThat(valid("origin=LHR&destination=JFK&departure_date=2027-03-01&return_date=2027-03-01"))
                .isNotNull();
        assertThat(problems("origin=LHR&destination=JFK&departure_date=2027-03-02"))
                .containsExactly(
                        new FieldProblem("departure_date", "must be at most 365 days ahead (on or before 2027-03-01)"));
    }

    @Test
    void aSameDayReturnIsAllowed() {
        assertThat(valid("origin=LHR&destination=JFK&departure_date=2026-12-24&return_date=2026-12-24")
                        .returnDate())
                .isEqualTo(LocalDate.parse("2026-12-24"));
    }

    @Test
    void nineAdultsOrOneInfantPerAdultAreFine() {
        assertThat(valid("origin=LHR&destination=JFK&departure_date=2026-12-24&adults=9")
                        .adults())
                .isEqualTo(9);
        assertThat(valid("origin=LHR&destination=JFK&departure_date=2026-12-24&adults=2&children=0,1,17")
                        .childAges())
                .containsExactly(0, 1, 17);
    }

    static Stream<Arguments> invalidQueries() {
        String valid = "origin=LHR&destination=JFK&departure_date=2026-12-24";
        return Stream.of(
                Arguments.of(
                        "destination=JFK&departure_date=2026-12-24",
                        "origin",
                        "is required: a 3-letter IATA airport code, e.g. LHR"),
                Arguments.of(
                        "origin=LHRX&destination=JFK&departure_date=2026-12-24",
                        "origin",
                        "must be a 3-letter IATA airport code, e.g. LHR"),
                Arguments.of(
                        "origin=L1R&destination=JFK&departure_date=2026-12-24",
                        "origin",
                        "must be a 3-letter IATA airport code, e.g. LHR"),
                Arguments.of(
                        "origin=LHR&destination=&departure_date=2026-12-24",
                        "destination",
                        "is required: a 3-letter IATA airport code, e.g. LHR"),
                Arguments.of(
                        "origin=LHR&destination=lhr&departure_date=2026-12-24",
                        "destination",
                        "must differ from origin"),
                Arguments.of("origin=LHR&destination=JFK", "departure_date", "is required: a date as YYYY-MM-DD"),
                Arguments.of(
                        "origin=LHR&destination=JFK&departure_date=24/12/2026",
                        "departure_date",
                        "must be a date as YYYY-MM-DD"),
                Arguments.of(
                        "origin=LHR&destination=JFK&departure_date=2026-02-30",
                        "departure_date",
                        "must be a date as YYYY-MM-DD"),
                Arguments.of(valid + "&return_date=2026-12-23", "return_date", "must be on or after departure_date"),
                Arguments.of(
                        valid + "&return_date=2027-03-02",
                        "return_date",
                        "must be at most 365 days ahead (on or before 2027-03-01)"),
                Arguments.of(valid + "&return_date=tomorrow", "return_date", "must be a date as YYYY-MM-DD"),
                Arguments.of(valid + "&adults=0", "adults", "must be a whole number from 1 to 9"),
                Arguments.of(valid + "&adults=10", "adults", "must be a whole number from 1 to 9"),
                Arguments.of(valid + "&adults=-1", "adults", "must be a whole number from 1 to 9"),
                Arguments.of(valid + "&adults=two", "adults", "must be a whole number from 1 to 9"),
                Arguments.of(
                        valid + "&children=18",
                        "children",
                        "must be the children's ages from 0 to 17, separated by commas, e.g. 4,11"),
                Arguments.of(
                        valid + "&children=4,,11",
                        "children",
                        "must be the children's ages from 0 to 17, separated by commas, e.g. 4,11"),
                Arguments.of(
                        valid + "&adults=8&children=4,11",
                        "children",
                        "adults and children together must be at most 9 passengers"),
                Arguments.of(
                        valid + "&adults=1&children=0,1",
                        "children",
                        "must have no more children under 2 than adults: each sits on an adult's lap"),
                Arguments.of(
                        valid + "&cabin_class=coach",
                        "cabin_class",
                        "must be one of economy, premium_economy, business, first"),
                Arguments.of(valid + "&origin=CDG", "origin", "must be given once"),
                Arguments.of(
                        valid + "&adult=2",
                        "adult",
                        "is not a parameter of this search; it takes origin, destination, departure_date, return_date, adults, children, cabin_class"),
                Arguments.of(
                        valid + "&%3Cscript%3E=1",
                        "query",
                        "has a parameter that is not part of this search; it takes origin, destination, departure_date, return_date, adults, children, cabin_class"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("invalidQueries")
    void anInvalidParameterIsNamedWithWhatAValidValueLooksLike(String query, String field, String message) {
        assertThat(problems(query)).containsExactly(new FieldProblem(field, message));
    }

    @Test
    void everyInvalidParameterIsReportedAtOnce() {
        assertThat(problems("origin=XX&destination=&departure_date=2020-01-01&return_date=2019-12-31"
                        + "&adults=0&children=x&cabin_class=coach&sort=price"))
                .extracting(FieldProblem::field)
                .containsExactly(
                        "origin",
                        "destination",
                        "departure_date",
                        "return_date",
                        "adults",
                        "children",
                        "cabin_class",
                        "sort");
    }

    private SearchQuery valid(String query) {
        Checked checked = validation.check(parameters(query));
        assertThat(checked).isInstanceOf(Valid.class);
        return ((Valid) checked).query();
    }

    private List<FieldProblem> problems(String query) {
        Checked checked = validation.check(parameters(query));
        assertThat(checked).isInstanceOf(Invalid.class);
        return ((Invalid) checked).problems();
    }

    /** Decoded as WebFlux decodes a request's query. */
    private static MultiValueMap<String, String> parameters(String query) {
        MultiValueMap<String, String> decoded = new LinkedMultiValueMap<>();
        UriComponentsBuilder.fromUriString("/search?" + query)
                .build()
                .getQueryParams()
                .forEach((name, values) ->
                        values.forEach(value -> decoded.add(decode(name), value == null ? null : decode(value))));
        return decoded;
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
