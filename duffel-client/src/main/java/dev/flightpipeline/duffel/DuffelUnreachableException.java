package dev.flightpipeline.duffel;

/** No answer from Duffel: a timeout, a refused or reset connection. */
public final class DuffelUnreachableException extends RuntimeException {

    public DuffelUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
