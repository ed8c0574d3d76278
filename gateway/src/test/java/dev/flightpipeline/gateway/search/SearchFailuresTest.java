package dev.flightpipeline.gateway.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flightpipeline.duffel.DuffelApiException;
import dev.flightpipeline.duffel.DuffelError;
import dev.flightpipeline.duffel.DuffelError.Source;
import dev.flightpipeline.duffel.DuffelUnreachableException;
import dev.flightpipeline.duffel.RateLimit;
import dev.flightpipeline.gateway.problem.ApiProblem;
import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import java.net.ConnectException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SearchFailuresTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00.250Z");
    private static final SearchQuery RETURN_TRIP_WITH_A_CHILD = new SearchQuery(
            "LHR",
            "JFK",
            LocalDate.parse("2026-12-24"),
            LocalDate.parse("2027-01-02"),
            2,
            List.of(7),
            CabinClass.ECONOMY);

    @Test
    void noAnswerWithinTheSearchTimeoutIsASearchTimeout() {
        ApiProblem problem = problemFor(new DuffelUnreachableException("timed out", new TimeoutException()));

        assertThat(problem.status()).isEqualTo(504);
        assertThat(problem.code()).isEqualTo("search_timed_out");
    }

    @Test
    void aConnectionNeverMadeIsUnavailableForAFewSeconds() {
        ApiProblem problem =
                problemFor(new DuffelUnreachableException("refused", new ConnectException("Connection refused")));

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.code()).isEqualTo("temporarily_unavailable");
        assertThat(problem.retryAfterSeconds()).isEqualTo(5);
        assertThat(problem.detail()).isEqualTo("Flight search is temporarily unavailable.");
    }

    static Stream<Arguments> duffelStatuses() {
        return Stream.of(
                Arguments.of(500, 503, "temporarily_unavailable"),
                Arguments.of(502, 503, "temporarily_unavailable"),
                Arguments.of(503, 503, "temporarily_unavailable"),
                Arguments.of(504, 504, "search_timed_out"),
                Arguments.of(200, 503, "temporarily_unavailable"),
                Arguments.of(401, 500, "internal_error"),
                Arguments.of(403, 500, "internal_error"),
                Arguments.of(404, 500, "internal_error"));
    }

    @ParameterizedTest(name = "Duffel {0} -> {1} {2}")
    @MethodSource("duffelStatuses")
    void duffelsStatusDecidesTheAnswer(int duffelStatus, int status, String code) {
        ApiProblem problem = problemFor(refusal(duffelStatus, error("api_error", "some_code", null)));

        assertThat(problem.status()).isEqualTo(status);
        assertThat(problem.code()).isEqualTo(code);
    }

    @Test
    void aRateLimitIsUnavailableUntilDuffelsWindowResets() {
        DuffelApiException limited = new DuffelApiException(
                429,
                List.of(error("rate_limit_error", "rate_limit_exceeded", null)),
                "req_1",
                Optional.of(new RateLimit(60, 0, NOW.plusMillis(2_100))));

        ApiProblem problem = problemFor(limited);

        assertThat(problem.status()).isEqualTo(503);
        assertThat(problem.detail()).isEqualTo("Flight search is busy right now.");
        assertThat(problem.retryAfterSeconds()).isEqualTo(3);
    }

    @Test
    void aRateLimitWithoutAResetTimeOrAFarOneWaitsAtMostAMinute() {
        assertThat(problemFor(refusal(429, error("rate_limit_error", "rate_limit_exceeded", null)))
                        .retryAfterSeconds())
                .isEqualTo(5);
        DuffelApiException farReset = new DuffelApiException(
                429, List.of(), "req_1", Optional.of(new RateLimit(60, 0, NOW.plusSeconds(3600))));
        assertThat(problemFor(farReset).retryAfterSeconds()).isEqualTo(60);
    }

    static Stream<Arguments> duffelFields() {
        return Stream.of(
                Arguments.of("slices.0.origin", null, "origin"),
                Arguments.of("slices.0.destination", null, "destination"),
                Arguments.of("slices.0.departure_date", null, "departure_date"),
                Arguments.of("slices.1.origin", null, "destination"),
                Arguments.of("slices.1.destination", null, "origin"),
                Arguments.of("slices.1.departure_date", null, "return_date"),
                Arguments.of("origin", "/data/slices/1/origin", "destination"),
                Arguments.of(null, "/slices/0/departure_date", "departure_date"),
                Arguments.of("origin", null, "origin"),
                Arguments.of("passengers", null, "adults"),
                Arguments.of("passengers.1.type", null, "adults"),
                Arguments.of("passengers.2.type", null, "children"),
                Arguments.of("passengers.0.age", null, "children"),
                Arguments.of("cabin_class", null, "cabin_class"),
                Arguments.of("max_connections", null, "query"),
                Arguments.of(null, null, "query"));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("duffelFields")
    void aValidationErrorNamesTheQueryParameterBehindDuffelsField(String field, String pointer, String parameter) {
        Source source = field == null && pointer == null ? null : new Source(field, pointer);
        ApiProblem problem = problemFor(refusal(422, error("validation_error", "invalid_field", source)));

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.code()).isEqualTo("validation_failed");
        assertThat(problem.errors()).extracting(FieldProblem::field).containsExactly(parameter);
    }

    @Test
    void duffelsOwnMessagesNeverReachTheClient() {
        DuffelError error = new DuffelError(
                "validation_error",
                "invalid_field",
                "Invalid field",
                "Field 'origin' must be a known IATA airport code (secret detail)",
                "https://duffel.com/docs/api/overview/errors",
                new Source("slices.0.origin", "/slices/0/origin"));

        ApiProblem problem = problemFor(new DuffelApiException(422, List.of(error), "req_1", Optional.empty()));

        assertThat(problem.errors())
                .containsExactly(new FieldProblem("origin", "is not an airport the flight search knows"));
        assertThat(problem.toString()).doesNotContain("secret detail", "IATA", "duffel.com", "req_1");
    }

    @Test
    void severalErrorsOnOneParameterAreOneProblem() {
        DuffelApiException refused = new DuffelApiException(
                422,
                List.of(
                        error("validation_error", "invalid_field", new Source("slices.0.origin", null)),
                        error("validation_error", "invalid_field", new Source("slices.1.destination", null)),
                        error("validation_error", "invalid_field", new Source("slices.1.departure_date", null))),
                "req_1",
                Optional.empty());

        assertThat(problemFor(refused).errors())
                .extracting(FieldProblem::field)
                .containsExactly("origin", "return_date");
    }

    @Test
    void aRefusalThatIsNotAboutTheQueryIsTheGatewaysFault() {
        ApiProblem problem = problemFor(refusal(400, error("invalid_request_error", "missing_version_header", null)));

        assertThat(problem.status()).isEqualTo(500);
        assertThat(problem.code()).isEqualTo("internal_error");
    }

    @Test
    void anythingElseIsAnInternalError() {
        assertThat(problemFor(new IllegalStateException("boom")).code()).isEqualTo("internal_error");
    }

    private static ApiProblem problemFor(Throwable failure) {
        return SearchFailures.problemFor(failure, RETURN_TRIP_WITH_A_CHILD, NOW);
    }

    private static DuffelApiException refusal(int status, DuffelError error) {
        return new DuffelApiException(status, List.of(error), "req_1", Optional.empty());
    }

    private static DuffelError error(String type, String code, Source source) {
        return new DuffelError(type, code, "Title", "A message", null, source);
    }
}
