package dev.flightpipeline.gateway.auth;

import dev.flightpipeline.gateway.problem.ApiProblem.FieldProblem;
import dev.flightpipeline.gateway.problem.ApiProblems;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/dev/token} with {@code {"user": "alice"}} answers {@code {"token": "..."}}: a bearer
 * token for that user. Exists only in the local profile; anywhere else the path is a 404.
 */
@RestController
@Profile("local")
class DevTokenController {

    static final String PATH = "/api/dev/token";

    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    private final LocalTokenIssuer issuer;

    DevTokenController(LocalTokenIssuer issuer) {
        this.issuer = issuer;
    }

    record TokenRequest(String user) {}

    @PostMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> token(@RequestBody(required = false) TokenRequest request) {
        if (request == null
                || request.user() == null
                || !USER_ID.matcher(request.user()).matches()) {
            return ResponseEntity.badRequest()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(ApiProblems.validationFailed(
                            List.of(new FieldProblem("user", "must be 1 to 64 letters, digits or . _ @ -"))));
        }
        return ResponseEntity.ok(Map.of("token", issuer.issue(request.user())));
    }
}
