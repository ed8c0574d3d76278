package dev.flightpipeline.duffelsim;

import io.netty.handler.codec.http.HttpMethod;
import reactor.netty.http.server.HttpServerRequest;

/** The header checks Duffel makes before it looks at a request, with Duffel's error codes. */
final class RequestRules {

    private RequestRules() {}

    /** The error for a request Duffel would refuse outright, or null when it may go on. */
    static Answer.Json check(HttpServerRequest request, String acceptedTokenPrefix) {
        String version = request.requestHeaders().get("Duffel-Version");
        if (version == null || version.isBlank()) {
            return ApiErrors.error(
                    400,
                    "invalid_request_error",
                    "missing_version_header",
                    "Missing version header",
                    "The 'Duffel-Version' header is required");
        }
        if (!DuffelSimulator.VERSION.equals(version.trim())) {
            return ApiErrors.error(
                    400,
                    "invalid_request_error",
                    "invalid_version_header",
                    "Invalid version header",
                    "The 'Duffel-Version' header must be a supported version, e.g. " + DuffelSimulator.VERSION);
        }
        String authorization = request.requestHeaders().get("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return ApiErrors.error(
                    401,
                    "authentication_error",
                    "missing_authorization_header",
                    "Missing authorization header",
                    "The 'Authorization' header is required: 'Bearer <access token>'");
        }
        String token =
                authorization.startsWith("Bearer ") ? authorization.substring(7).trim() : "";
        if (token.length() <= acceptedTokenPrefix.length() || !token.startsWith(acceptedTokenPrefix)) {
            return ApiErrors.error(
                    401,
                    "authentication_error",
                    "access_token_not_found",
                    "Access token not found",
                    "The access token used is not recognised by our system");
        }
        if (request.method().equals(HttpMethod.POST)) {
            String contentType = request.requestHeaders().get("Content-Type");
            if (contentType == null
                    || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                return ApiErrors.error(
                        400,
                        "invalid_request_error",
                        "invalid_content_type_header",
                        "Invalid content type header",
                        "The 'Content-Type' header must be 'application/json'");
            }
        }
        return null;
    }
}
