package dev.flightpipeline.gateway.problem;

import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import java.util.List;
import org.springframework.http.HttpStatus;

/** The one place that builds the gateway's error bodies, so every answer of a kind looks the same. */
public final class ApiProblems {

    // A relative reference (RFC 9457 allows it); the stable, machine-readable member is "code".
    private static final String TYPE_BASE = "/problems/";

    private ApiProblems() {}

    public static ApiProblem unauthorized(String detail) {
        return problem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", detail, null, null, null);
    }

    public static ApiProblem validationFailed(List<FieldProblem> errors) {
        return problem(
                HttpStatus.BAD_REQUEST,
                "validation_failed",
                "Invalid request",
                "The request has invalid or missing fields.",
                "Correct the fields listed in errors and send the request again",
                null,
                List.copyOf(errors));
    }

    private static ApiProblem problem(
            HttpStatus status,
            String code,
            String title,
            String detail,
            String action,
            String tip,
            List<FieldProblem> errors) {
        return new ApiProblem(
                TYPE_BASE + code, title, status.value(), detail, false, detail, code, action, tip, errors);
    }
}
