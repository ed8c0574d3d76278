package dev.flightpipeline.duffelsim;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.util.Locale;

/** The header checks Duffel makes before it looks at a request, with Duffel's error codes. */
final class RequestRules {

    private RequestRules() {}

    /** The error for a request Duffel would refuse outright, or null when it may go on. */
    static Answer.Json check(HttpMethod method, HttpHeaders headers, SimulatorConfig config) {
        String version = headers.get("Duffel-Version");
        if (version == null || version.isBlank()) {
            return ApiErrors.error(
                    400,
                    "invalid_request_error",
                    "missing_version_header",
                    "Missing version header",
                    "The 'Duffel-Version' header is required, e.g. 'Duffel-Version: " + DuffelApi.VERSION + "'");
        }
        if (!DuffelApi.VERSION.equals(version.trim())) {
            return ApiErrors.error(
                    400,
                    "invalid_request_error",
                    "invalid_version_header",
                    "Invalid version header",
                    "The 'Duffel-Version' header must name a supported version: " + DuffelApi.VERSION);
        }
        String authorization = headers.get("Authorization");
        if (authorization == null || authorization.isBlank()) {
            return ApiErrors.error(
                    401,
                    "authentication_error",
                    "missing_authorization_header",
                    "Missing authorization header",
                    "The 'Authorization' header is required: 'Bearer <access token>'");
        }
        if (!accepted(bearerToken(authorization), config)) {
            return ApiErrors.error(
                    401,
                    "authentication_error",
                    "access_token_not_found",
                    "Access token not found",
                    "The access token used is not recognised by our system");
        }
        if (method.equals(HttpMethod.POST) || method.equals(HttpMethod.PUT) || method.equals(HttpMethod.PATCH)) {
            String contentType = headers.get("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
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

    static String bearerToken(String authorization) {
        String value = authorization.trim();
        return value.regionMatches(true, 0, "Bearer ", 0, 7)
                ? value.substring(7).trim()
                : "";
    }

    static boolean accepted(String token, SimulatorConfig config) {
        if (token.isEmpty()) {
            return false;
        }
        if (config.acceptedTokens().contains(token)) {
            return true;
        }
        String prefix = config.acceptedTokenPrefix();
        return !prefix.isEmpty() && token.startsWith(prefix) && token.length() > prefix.length();
    }
}
