package dev.flightpipeline.gateway.search;

import dev.flightpipeline.duffel.DuffelClient;
import dev.flightpipeline.duffel.ReactiveLogContext;
import dev.flightpipeline.gateway.problem.ApiProblems;
import dev.flightpipeline.gateway.problem.ProblemWriter;
import dev.flightpipeline.gateway.search.SearchQueryValidation.Invalid;
import dev.flightpipeline.gateway.search.SearchQueryValidation.Valid;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/flights/search?origin=LHR&destination=JFK&departure_date=2026-12-24
 * [&return_date=][&adults=1][&children=4,11][&cabin_class=economy]}: a Duffel offer request,
 * answered with its offers ({@link SearchResults}), or a problem: 400 for an invalid query
 * ({@link SearchQueryValidation}), 503 or 504 when Duffel fails ({@link SearchFailures}).
 */
@RestController
class FlightSearchController {

    static final String PATH = "/api/flights/search";

    private static final Logger log = LoggerFactory.getLogger(FlightSearchController.class);

    private final DuffelClient duffel;
    private final SearchQueryValidation validation;
    private final Clock clock;

    FlightSearchController(ObjectProvider<DuffelClient> duffel, ObjectProvider<Clock> clock) {
        this.duffel = duffel.getIfAvailable();
        this.clock = clock.getIfUnique(Clock::systemUTC);
        this.validation = new SearchQueryValidation(this.clock);
        if (this.duffel == null) {
            log.warn("duffel.access-token is not set: flight searches answer 503 until it is");
        }
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<?>> search(ServerHttpRequest request) {
        return switch (validation.check(request.getQueryParams())) {
            case Invalid invalid -> Mono.just(ProblemWriter.entity(ApiProblems.validationFailed(invalid.problems())));
            case Valid valid -> search(valid.query());
        };
    }

    private Mono<ResponseEntity<?>> search(SearchQuery query) {
        if (duffel == null) {
            return Mono.just(ProblemWriter.entity(SearchFailures.notConfigured()));
        }
        return duffel.searchOffers(query.offerRequest())
                .<ResponseEntity<?>>map(answer -> ResponseEntity.ok(SearchResults.from(answer)))
                .onErrorResume(failure -> ReactiveLogContext.supply(
                        () -> ProblemWriter.entity(SearchFailures.problemFor(failure, query, clock.instant()))));
    }
}
