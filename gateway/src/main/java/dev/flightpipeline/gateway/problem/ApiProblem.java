package dev.flightpipeline.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An error answer: RFC 9457 problem details ({@code type}, {@code title}, {@code status},
 * {@code detail}) plus the members the existing frontends read ({@code success}, {@code message},
 * {@code action}, {@code tip}, a stable {@code code}). Built only by {@link ApiProblems}.
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
        List<FieldProblem> errors) {

    /** One invalid field of a request. */
    public record FieldProblem(String field, String message) {}
}
