package dev.flightpipeline.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * An error answer: RFC 9457 problem details ({@code type}, {@code title}, {@code status},
 * {@code detail}) plus the members the existing frontends read ({@code success}, {@code message},
 * {@code action}, {@code tip}, a stable {@code code}) and, for some codes, what the client needs to
 * go on (the booking's id and status URL, the offer's current price). Built only by {@link
 * ApiProblems}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiProblem(
        String type,
        String title,
        int status,
        String detail,
        boolean success,
        String message,
        String code,
        String action,
        String tip,
        List<FieldProblem> errors,
        @JsonProperty("booking_id") String bookingId,
        @JsonProperty("status_url") String statusUrl,
        @JsonProperty("current_total") Map<String, String> currentTotal,
        @JsonProperty("retry_after_seconds") Long retryAfterSeconds) {

    /** One invalid field of a request. */
    public record FieldProblem(String field, String message) {}
}
