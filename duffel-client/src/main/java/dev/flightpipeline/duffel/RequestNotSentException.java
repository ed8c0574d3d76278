package dev.flightpipeline.duffel;

/** A call that failed before any of its request was written: Duffel never saw it. */
final class RequestNotSentException extends RuntimeException {

    RequestNotSentException(Throwable cause) {
        super(cause);
    }
}
