package dev.flightpipeline.duffel;

import java.util.List;
import java.util.Optional;

/** Duffel answered with an error. Never carries the access token. */
public final class DuffelApiException extends RuntimeException {

    private final int status;
    private final List<DuffelError> errors;
    private final String requestId;
    private final transient Optional<RateLimit> rateLimit;

    public DuffelApiException(int status, List<DuffelError> errors, String requestId, Optional<RateLimit> rateLimit) {
        super("Duffel answered " + status + describe(errors) + " (request " + requestId + ")");
        this.status = status;
        this.errors = List.copyOf(errors);
        this.requestId = requestId;
        this.rateLimit = rateLimit;
    }

    private static String describe(List<DuffelError> errors) {
        return errors.isEmpty()
                ? ""
                : ": " + errors.getFirst().code() + " - " + errors.getFirst().message();
    }

    public int status() {
        return status;
    }

    public List<DuffelError> errors() {
        return errors;
    }

    public String requestId() {
        return requestId;
    }

    public Optional<RateLimit> rateLimit() {
        return rateLimit;
    }

    /** Whether any error has this code. */
    public boolean hasCode(String code) {
        return errors.stream().anyMatch(error -> code.equals(error.code()));
    }
}
