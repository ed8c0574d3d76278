package dev.flightpipeline.gateway.search;

import static dev.flightpipeline.gateway.search.SearchQueryValidation.ADULTS;
import static dev.flightpipeline.gateway.search.SearchQueryValidation.CABIN_CLASS;
import static dev.flightpipeline.gateway.search.SearchQueryValidation.CHILDREN;
import static dev.flightpipeline.gateway.search.SearchQueryValidation.DEPARTURE_DATE;
import static dev.flightpipeline.gateway.search.SearchQueryValidation.DESTINATION;
import static dev.flightpipeline.gateway.search.SearchQueryValidation.ORIGIN;
import static dev.flightpipeline.gateway.search.SearchQueryValidation.RETURN_DATE;

import dev.flightpipeline.duffel.DuffelApiException;
import dev.flightpipeline.duffel.DuffelError;
import dev.flightpipeline.duffel.DuffelUnreachableException;
import dev.flightpipeline.duffel.RateLimit;
import dev.flightpipeline.gateway.problem.ApiProblem;
import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import dev.flightpipeline.gateway.problem.ApiProblems;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the client is told when a search fails at Duffel, in one table. The answer never carries
 * Duffel's body or messages: the log gets Duffel's status, error codes and request id.
 *
 * <table>
 *   <tr><th>Duffel</th><th>answer</th></tr>
 *   <tr><td>no answer within the search timeout, or its own 504</td><td>504 {@code search_timed_out}</td></tr>
 *   <tr><td>unreachable (refused, reset), 5xx, an unreadable answer</td><td>503 {@code temporarily_unavailable}, Retry-After 5 s</td></tr>
 *   <tr><td>429</td><td>503 {@code temporarily_unavailable}, Retry-After until Duffel's {@code ratelimit-reset}</td></tr>
 *   <tr><td>400/422 naming a field of the query</td><td>400 {@code validation_failed} on that parameter</td></tr>
 *   <tr><td>400/422 {@code validation_error} naming none</td><td>400 {@code validation_failed} on {@code query}</td></tr>
 *   <tr><td>any other 4xx (the token, a header: the gateway's fault)</td><td>500 {@code internal_error}</td></tr>
 * </table>
 */
final class SearchFailures {

    private static final Logger log = LoggerFactory.getLogger(SearchFailures.class);

    static final Duration RETRY_AFTER_UNAVAILABLE = Duration.ofSeconds(5);
    static final Duration LONGEST_RATE_LIMIT_WAIT = Duration.ofSeconds(60);
    static final String UNAVAILABLE = "Flight search is temporarily unavailable.";
    static final String BUSY = "Flight search is busy right now.";

    /** The parameter Duffel's error is about, and what the client is told about it. */
    private static final Map<String, String> REFUSED_VALUE_MESSAGES = Map.of(
            ORIGIN,
            "is not an airport the flight search knows",
            DESTINATION,
            "is not an airport the flight search knows",
            DEPARTURE_DATE,
            "is not a date the flight search accepts",
            RETURN_DATE,
            "is not a date the flight search accepts",
            ADULTS,
            "is not a number of passengers the flight search accepts",
            CHILDREN,
            "are not passengers the flight search accepts",
            CABIN_CLASS,
            "is not a cabin class the flight search accepts",
            "query",
            "was refused by the flight search; check the airports, dates and passengers");

    private SearchFailures() {}

    /** Searches are not configured (no Duffel access token). */
    static ApiProblem notConfigured() {
        return ApiProblems.temporarilyUnavailable(UNAVAILABLE, RETRY_AFTER_UNAVAILABLE);
    }

    static ApiProblem problemFor(Throwable failure, SearchQuery query, Instant now) {
        return switch (failure) {
            case DuffelUnreachableException unreachable
            when unreachable.getCause() instanceof TimeoutException -> {
                log.warn("Duffel did not answer a search in time");
                yield ApiProblems.searchTimedOut();
            }
            case DuffelUnreachableException unreachable -> {
                log.warn("Duffel could not be reached for a search: {}", unreachable.getMessage());
                yield ApiProblems.temporarilyUnavailable(UNAVAILABLE, RETRY_AFTER_UNAVAILABLE);
            }
            case DuffelApiException refused -> problemFor(refused, query, now);
            default -> {
                log.error("A search failed unexpectedly", failure);
                yield ApiProblems.internalError();
            }
        };
    }

    private static ApiProblem problemFor(DuffelApiException refused, SearchQuery query, Instant now) {
        int status = refused.status();
        if (status == 429) {
            logRefusal(refused);
            return ApiProblems.temporarilyUnavailable(BUSY, untilReset(refused, now));
        }
        if (status == 504) {
            logRefusal(refused);
            return ApiProblems.searchTimedOut();
        }
        if (status >= 500 || status < 400) {
            logRefusal(refused);
            return ApiProblems.temporarilyUnavailable(UNAVAILABLE, RETRY_AFTER_UNAVAILABLE);
        }
        if (status == 400 || status == 422) {
            List<FieldProblem> refusedValues = refusedValues(refused.errors(), query);
            if (!refusedValues.isEmpty()) {
                log.info(
                        "Duffel refused a search's {} (status {}, request id {})",
                        refusedValues.stream().map(FieldProblem::field).toList(),
                        status,
                        requestId(refused));
                return ApiProblems.validationFailed(refusedValues);
            }
        }
        log.error(
                "Duffel refused a search the gateway should not have sent: status {}, errors {}, request id {}",
                status,
                describe(refused.errors()),
                requestId(refused));
        return ApiProblems.internalError();
    }

    /** One problem per parameter Duffel refused; none when no error is a validation error Duffel ties to the query. */
    private static List<FieldProblem> refusedValues(List<DuffelError> errors, SearchQuery query) {
        Map<String, FieldProblem> byParameter = new LinkedHashMap<>();
        for (DuffelError error : errors) {
            String parameter = parameterOf(error, query);
            if (parameter == null && "validation_error".equals(error.type())) {
                parameter = "query";
            }
            if (parameter != null) {
                byParameter.putIfAbsent(parameter, new FieldProblem(parameter, REFUSED_VALUE_MESSAGES.get(parameter)));
            }
        }
        return new ArrayList<>(byParameter.values());
    }

    /**
     * The query parameter behind the field Duffel names, by its pointer ({@code /data/slices/1/origin})
     * or its field ({@code slices.1.origin}, or just {@code origin}). The return slice flies
     * back, so its origin is the query's destination.
     */
    static String parameterOf(DuffelError error, SearchQuery query) {
        if (error.source() == null) {
            return null;
        }
        String path = error.source().pointer() != null
                ? error.source().pointer()
                : error.source().field();
        if (path == null) {
            return null;
        }
        List<String> parts = Arrays.stream(path.split("[/.\\[\\]]+"))
                .filter(part -> !part.isEmpty())
                .toList();
        if (!parts.isEmpty() && parts.getFirst().equals("data")) {
            parts = parts.subList(1, parts.size());
        }
        if (parts.isEmpty()) {
            return null;
        }
        String leaf = parts.getLast();
        int index = indexAfter(parts, parts.getFirst());
        return switch (parts.getFirst()) {
            case "slices" -> {
                boolean returning = index == 1 && query.isReturn();
                yield switch (leaf) {
                    case "origin" -> returning ? DESTINATION : ORIGIN;
                    case "destination" -> returning ? ORIGIN : DESTINATION;
                    case "departure_date" -> returning ? RETURN_DATE : DEPARTURE_DATE;
                    default -> null;
                };
            }
            case "passengers" -> leaf.equals("age") || index >= query.adults() ? CHILDREN : ADULTS;
            case "origin", "destination", "departure_date", "cabin_class" -> parts.getFirst();
            default -> null;
        };
    }

    /** The number after {@code name} in the path, or -1. */
    private static int indexAfter(List<String> parts, String name) {
        int at = parts.indexOf(name);
        if (at < 0 || at + 1 >= parts.size()) {
            return -1;
        }
        try {
            return Integer.parseInt(parts.get(at + 1));
        } catch (NumberFormatException notAnIndex) {
            return -1;
        }
    }

    /** Whole seconds until Duffel's window resets (rounded up), at most a minute. */
    private static Duration untilReset(DuffelApiException refused, Instant now) {
        return refused.rateLimit()
                .map(RateLimit::resetAt)
                .filter(reset -> reset != null)
                .map(reset -> Math.ceilDiv(Duration.between(now, reset).toMillis(), 1000))
                .map(seconds -> Duration.ofSeconds(Math.clamp(seconds, 1, LONGEST_RATE_LIMIT_WAIT.toSeconds())))
                .orElse(RETRY_AFTER_UNAVAILABLE);
    }

    private static void logRefusal(DuffelApiException refused) {
        log.warn(
                "Duffel answered a search with {} {} (request id {})",
                refused.status(),
                describe(refused.errors()),
                requestId(refused));
    }

    private static String requestId(DuffelApiException refused) {
        return refused.requestId() == null ? "none" : refused.requestId();
    }

    /** Duffel's error types and codes: never its messages, which may quote the request. */
    private static List<String> describe(List<DuffelError> errors) {
        return errors.stream().map(error -> error.type() + "/" + error.code()).toList();
    }
}
