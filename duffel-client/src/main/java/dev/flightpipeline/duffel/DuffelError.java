package dev.flightpipeline.duffel;

/**
 * One error of Duffel's error envelope.
 *
 * @param type e.g. {@code validation_error}, {@code invalid_state_error}, {@code airline_error}
 * @param code e.g. {@code offer_no_longer_available}; match errors by code and type
 * @param source the field the error is about, when Duffel names one
 */
public record DuffelError(
        String type, String code, String title, String message, String documentationUrl, Source source) {

    /** The request field an error is about. */
    public record Source(String field, String pointer) {}

    public String field() {
        return source == null ? null : source.field();
    }
}
